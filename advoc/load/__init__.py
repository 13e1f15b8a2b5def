"""Files, or a git revision, to a `Registry`: where a registry is, reading its
bytes (`sources`), YAML (`yamlio`), the schemas, the cache, and the loader."""
