"""advoc: the Wikimedia advocacy network's registry, validated."""

__version__ = "0.1.0"
