import pkg.net
import pkg.disk as d
from pkg.net import ping as p
from . import disk
from .tools import *


def via_module():
    return pkg.net.ping("a")


def via_module_alias():
    return d.read("a.txt")


def via_name_alias():
    return p("b")


def via_relative():
    return disk.read("b.txt")


def via_star():
    flush()


def pure():
    return pkg.net.pong("c")
