"""The core of each command that is not a package of its own: the CLI parses
options, calls one function here and renders what comes back with `advoc.report`."""
