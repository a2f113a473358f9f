"""Generated test corpus: consistent shipments, their documents, ground truth and PDFs.

``make_shipment`` draws a shipment, ``documents`` derives its documents (truth + layout +
style), ``render_pdf`` draws one as a text-layer PDF, ``truth_to_extracted`` gives the
``docproc extract --json`` object a perfect extractor would print.
"""

from .documents import (
    FIFTH_UNSEEN_FAMILIES,
    FIRST_UNSEEN_FAMILIES,
    FOURTH_UNSEEN_FAMILIES,
    HOLDOUT_FAMILIES,
    LAYOUT_FAMILIES,
    NAMED_ONLY_FAMILIES,
    SECOND_UNSEEN_FAMILIES,
    SIXTH_UNSEEN_FAMILIES,
    THIRD_UNSEEN_FAMILIES,
    UNSEEN_FAMILIES,
    GeneratedDoc,
    documents,
    make_document,
    truth_to_extracted,
)
from .render import render_pdf, render_pdf_pages
from .shipment import Shipment, container_valid, make_shipment, vin_valid

__all__ = [
    "FIFTH_UNSEEN_FAMILIES",
    "FIRST_UNSEEN_FAMILIES",
    "FOURTH_UNSEEN_FAMILIES",
    "HOLDOUT_FAMILIES",
    "LAYOUT_FAMILIES",
    "NAMED_ONLY_FAMILIES",
    "SECOND_UNSEEN_FAMILIES",
    "SIXTH_UNSEEN_FAMILIES",
    "THIRD_UNSEEN_FAMILIES",
    "UNSEEN_FAMILIES",
    "GeneratedDoc",
    "Shipment",
    "container_valid",
    "documents",
    "make_document",
    "make_shipment",
    "render_pdf",
    "render_pdf_pages",
    "truth_to_extracted",
    "vin_valid",
]
