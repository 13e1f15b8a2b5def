"""The registry as data and what it means: records, kinds, roles, votes, decisions
evaluated against their process, what needs attention, what is public. Nothing
here reads a file, runs git or prints."""
