"""The DOM of a replay, rebuilt in pure Python exactly as the rrweb Replayer shows it (`replaydom dom`).

Pipeline: `timeline` orders a recording's rrweb frames like the Replayer and replays them to an
instant (`Timeline.state_at`, the `pause(T)` semantics of conventions.md) using `build` (snapshot
rules), `mutate` (the mutation algorithm) and `forms` (live input state) on the node tree of `tree`.
Views: `at` (HTML excerpt + `fidelity` report, rendered by `serialize`, `lens` for controls),
`diff`, `history` and `inspect`. `canonical` is the tree compared with the real Replayer in the
differential test; `cache` keeps a bundle's frames in one file for fast one-shots.

Entry points (imported from their modules, so `import replaydom.dom` stays free):
`source.source_from_segments`, `at.dom_at`, `diff.dom_diff`, `history.node_history`,
`inspect.dom_events`, `canonical.canonical`.
"""

KEEP_STATES_UNTIL_EXIT = False
"""Set by the CLI's entry point (one process per command): the state an answer is read from lives
until the process exits, so `checkpoint.paused_gc(keep=True)` hands its objects to `gc.freeze`
rather than let the next collections walk them again (0.15 s per 100k-node page). Library callers
(tests, a long-lived process) leave it false: frozen objects in a dropped cycle are never freed."""
