"""The one exception of print rendering: which PDF failed, for which lesson or module, because of which file."""

from __future__ import annotations


class PdfError(Exception):
    """A PDF could not be made. The message names the PDF, the lesson or module and the file at fault."""

    def __init__(self, message: str, *, document: str = "", entity: str = "", file: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.document = document
        """The PDF's path under the output folder, e.g. `pdf/bg/lessons/vasilitsa.pdf` ('' for the whole run)."""
        self.entity = entity
        """What the PDF is of, in words: `lesson 'vasilitsa'`."""
        self.file = file
        """The input file at fault, relative to the curriculum folder when it is inside it."""

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are lost by the default pickling of exceptions (process pools pickle them).
        return (_rebuild, (self.message, self.document, self.entity, self.file))


def _rebuild(message: str, document: str, entity: str, file: str) -> PdfError:
    return PdfError(message, document=document, entity=entity, file=file)
