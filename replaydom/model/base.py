"""The base of every kind-specific `data` model, and the references several of them share."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Data(BaseModel):
    # Extra keys are allowed so that a newer SDK field is kept rather than dropped.
    model_config = ConfigDict(extra="allow")


class Pointer(_Data):
    """Where a related raw frame lives (e.g. the `ui.click` breadcrumb merged into a click)."""

    segmentId: int
    frameIndex: int


class FrameRef(_Data):
    """The iframe whose document holds the element (events on nodes inside an iframe)."""

    selector: str | None = Field(None, description="the iframe element, e.g. iframe#order-chat")
    url: str | None = Field(
        None,
        description="the iframe document's URL: its src, else the replay's only resource.iframe URL",
    )
    nodeId: int | None = Field(None, description="the iframe element's rrweb node id")
    note: str | None = Field(None, description="what Sentry does not see inside iframes")
