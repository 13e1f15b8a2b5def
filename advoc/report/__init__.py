"""What commands return and how it is written: findings, reports, listings,
and every output format (text, JSON, CI formats, Markdown), with the last guard
of every public output."""
