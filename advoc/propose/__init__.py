"""Proposals: edits as data (`build`, `edits`), and `submit`, which validates them
and writes them as one commit on a new branch without touching the checkout."""
