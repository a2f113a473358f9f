"""docproc: read trade documents, extract canonical fields, cross-check a shipment.

The pipeline, one module per stage:
ingest -> read (PDF text / OCR) -> layout -> classify -> extract -> normalise -> check -> report.
"""

__version__ = "0.1.0"
