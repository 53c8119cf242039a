"""CPython rejects this module (a parameter named twice); ruff's parser accepts it.
Found by scripts/fuzz: awaitify rewrote it."""


def render(root, name, root):
    with open(root + name) as f:
        return f.read()
