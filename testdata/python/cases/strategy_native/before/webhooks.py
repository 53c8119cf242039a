"""Deliver webhooks and check their targets."""
import requests


def check_target(url):
    """HEAD-like probe: GET without following redirects."""
    resp = requests.get(url, allow_redirects=False, timeout=5)
    return resp.status_code


def deliver(url, body):
    """POST a JSON body to the webhook target."""
    resp = requests.post(url, json=body)
    # Let the caller decide how to handle failures.
    return resp.status_code < 300


def deliver_checked(url, body):
    """Probe first, then deliver."""
    if check_target(url) >= 400:
        return False
    return deliver(url, body)


def payload_for(event):
    """Look-alike: builds the body, no network."""
    return {"event": event, "version": 1}
