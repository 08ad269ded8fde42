"""The Sentry HTTP API: a retrying httpx client, pagination, and replay fetch orchestration.

Nothing in this package prints; progress and warnings go through callbacks the CLI provides.
"""
