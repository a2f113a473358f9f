"""A real Dovecot IMAP server for the intake tests, configured in a temporary directory.

Plain IMAP on a free loopback port (``ssl = no``), one passwd-file user, Maildir under the
temporary directory. As root, mail is owned by the ``dovecot`` system user (Dovecot refuses
UID 0); otherwise everything runs as the current user.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "intake", "s3cret-pw"

_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = {name}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    root: Path
    port: int
    proc: subprocess.Popen[bytes]
    host: str = "127.0.0.1"
    user: str = USER
    password: str = PASSWORD

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(self.user, self.password)
        return imap

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        imap = self.client()
        try:
            typ, data = imap.append(folder, None, None, raw)
            assert typ == "OK", data
        finally:
            imap.logout()

    def count(self, folder: str, criteria: str = "ALL") -> int:
        imap = self.client()
        try:
            typ, _ = imap.select(f'"{folder}"', readonly=True)
            if typ != "OK":
                return 0
            typ, data = imap.search(None, criteria)
            return len(data[0].split()) if data and data[0] else 0
        finally:
            imap.logout()

    def config(self, **extra: object) -> dict[str, object]:
        return {"MAIL_HOST": self.host, "MAIL_PORT": self.port, "MAIL_SECURITY": "none",
                "MAIL_USER": self.user, "MAIL_PASSWORD": self.password, "MAIL_TIMEOUT": 10,
                **extra}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start_dovecot() -> Dovecot:
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    root = Path(tempfile.mkdtemp(prefix="dp-dovecot-"))
    os.chmod(root, 0o755)
    if os.geteuid() == 0:
        pw = pwd.getpwnam("dovecot")
        internal, login = "dovecot", "dovenull"
    else:
        pw = pwd.getpwuid(os.getuid())
        internal = login = pw.pw_name
    for d in ("run", "state", "mail"):
        (root / d).mkdir()
    os.chown(root / "mail", pw.pw_uid, pw.pw_gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    port = free_port()
    conf = root / "dovecot.conf"
    conf.write_text(_CONF.format(root=root, name=f"dp-{uuid.uuid4().hex[:8]}", port=port,
                                 uid=pw.pw_uid, gid=pw.pw_gid, internal=internal, login=login))
    proc = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    server = Dovecot(root=root, port=port, proc=proc)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot exited: {out}\n{log}")
        try:
            server.client().logout()
            return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("dovecot did not start in 15 s")


def remove(server: Dovecot) -> None:
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)
