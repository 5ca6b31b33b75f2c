"""Readers for every source linkinbox imports; `read_path` picks the right one. No Textual here."""

from __future__ import annotations

from pathlib import Path

from linkinbox.errors import InputError
from linkinbox.models import ImportData


def read_path(path: Path) -> ImportData:
    """Read one file or folder the user gave to `linkinbox import`."""
    try:
        return _read_path(path)
    except OSError as error:  # what a reader did not put in words: an unreadable folder, …
        where = error.filename or path
        raise InputError(f"{where} cannot be read: {error.strerror or error}.") from error


def _read_path(path: Path) -> ImportData:
    import os
    import stat

    from linkinbox.importers import linkedin_export
    from linkinbox.importers.safezip import is_zip

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or folder.") from None
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        from linkinbox.atomic import kind_of

        # Reading a FIFO or a device would wait for ever (or never end): refused at once.
        raise InputError(f"{path} is {kind_of(mode)}, not a file or folder linkinbox can import.")
    if path.is_dir():
        from linkinbox.importers import mail

        if mail.is_maildir(path):
            return mail.read_mail(path)
        return linkedin_export.read_export(path)
    suffix = path.suffix.lower()
    if is_zip(path):  # by name or by its first bytes
        return linkedin_export.read_export(path)
    if suffix in (".csv", ".tsv") and linkedin_export.looks_like_export_csv(path):
        return linkedin_export.read_export(path)  # the common case, without loading the others
    from linkinbox.importers import mail, own

    if suffix == ".json":
        return own.read_own(path)
    if suffix in (".csv", ".tsv", ".txt") and not mail.looks_like_mail(path):
        if own.looks_like_own_csv(path):
            return own.read_own(path)
        return linkedin_export.read_export(path)
    if mail.looks_like_mail(path):
        return mail.read_mail(path)
    raise InputError(
        f"{path}: not something linkinbox can import; give it a LinkedIn export (ZIP, folder or "
        "CSV), an invitation e-mail (.eml, mbox, Maildir) or a linkinbox CSV/JSON list."
    )
