"""The command line's commands that have grown beyond a few lines, by task (`python -m dashboard`
itself, `dashboard/__main__.py`, parses and dispatches)."""
