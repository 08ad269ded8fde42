"""The normalizer version. Bump it whenever the output of `normalize` changes for the same input:
indexes record it and are rebuilt when it differs (kept import-light on purpose: the `events` CLI
checks it without importing the normalizer)."""

NORMALIZER_VERSION = 6  # 6: mutation nodesAdded/nodesRemoved, labels in nodes
