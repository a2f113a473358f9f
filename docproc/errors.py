"""One home for docproc's error types, each carrying its exit code.

The CLI, the web service and the workers all map these the same way: ``exit_code`` for the
command line, ``http_status`` for the API, and ``code`` as a stable machine-readable id.
Anything that is not a ``DocprocError`` is an internal failure (exit 3 / HTTP 500).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


class DocprocError(Exception):
    """Base class: a failure we expected and can explain in one line."""

    exit_code = EXIT_INTERNAL
    http_status = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInputError(DocprocError):
    """The input cannot be read as a document (empty, corrupt, wrong type...)."""

    exit_code = EXIT_BAD_INPUT
    http_status = 422
    code = "bad_input"


class UnsupportedMediaTypeError(BadInputError):
    """The bytes are not a PDF, PNG, JPEG or TIFF, whatever the file name says."""

    http_status = 415
    code = "unsupported_media_type"


class EncryptedDocumentError(BadInputError):
    """A password-protected PDF: we cannot read it without the password."""

    code = "encrypted_document"


class TooLargeError(BadInputError):
    """The input exceeds a configured limit (pixels, pages, bytes)."""

    http_status = 413
    code = "too_large"


class UsageError(DocprocError):
    """The command was called wrongly."""

    exit_code = EXIT_BAD_INPUT
    http_status = 400
    code = "bad_request"


class ReferenceDataError(DocprocError):
    """A reference-data file (lexicon, glossary, thresholds) is missing or malformed."""

    code = "reference_data_error"


class ReferenceDataInvalidError(DocprocError):
    """An admin's edit of reference data breaks its rules; nothing was saved."""

    exit_code = EXIT_BAD_INPUT
    http_status = 422
    code = "invalid_reference_data"


class ReferenceDataConflictError(DocprocError):
    """The reference data changed since the editor read it (another admin saved first)."""

    exit_code = EXIT_BAD_INPUT
    http_status = 409
    code = "conflict"
