"""The floor for a mail import: the least work any importer of an mbox has to do.

    python benchmarks/floor_mail.py invitations.mbox

Reads every message of the mbox with `mailbox`, parses it with `email` (the modern policy, as
any importer that decodes quoted-printable bodies and encoded headers must), and reads its
sender, subject, date and plain-text body. Nothing else: no recognising invitations, no
cleaning, no store. Standard library only.
"""

from __future__ import annotations

import mailbox
import sys
from email import policy
from email.parser import BytesParser


def main(path: str) -> int:
    parser = BytesParser(policy=policy.default)
    seen = 0
    for key in (box := mailbox.mbox(path, create=False)).iterkeys():
        message = parser.parsebytes(box.get_bytes(key))
        _ = message["From"], message["Subject"], message["Date"]
        body = message.get_body(("plain", "html"))
        if body is not None:
            seen += len(body.get_content())
    print(f"{len(box):,} messages, {seen:,} characters of body")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
