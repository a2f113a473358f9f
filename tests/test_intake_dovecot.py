"""A real Dovecot IMAP server for the intake tests, configured in a temporary directory.

IMAP on a free loopback port (plain, or upgraded with STARTTLS) and IMAPS on another, one
passwd-file user, Maildir under the temporary directory. The TLS certificate is made here: a
private CA (``ca.pem``) signs a server certificate for the name ``localhost`` only, so a client
that verifies (as docproc always does) accepts ``localhost`` with ``ca.pem`` and refuses
``127.0.0.1`` (name mismatch) or another CA. As root, mail is owned by the ``dovecot`` system
user (Dovecot refuses UID 0); otherwise everything runs as the current user.

The ``dovecot`` and ``mailbox`` fixtures are in ``conftest.py``; ``message`` builds a mail to
APPEND.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

USER, PASSWORD = "intake", "s3cret-pw"
GOOD_TOKEN = "ya29.good-access-token_for-intake"  # what the test introspection accepts for USER

_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = {name}
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/server.pem
ssl_key = <{root}/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login{mechanisms}
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd{passdb_mechanisms}
}}
{oauth2_passdb}userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def _certificates(root: Path) -> None:
    """``ca.pem`` signing ``server.pem`` (for ``localhost``), and an unrelated ``other-ca.pem``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def ca(cn: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(name(cn))
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - timedelta(hours=1))
                .not_valid_after(now + timedelta(days=2))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(
                    digital_signature=True, content_commitment=False, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=True,
                    crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                               critical=False)
                .sign(key, hashes.SHA256()))
        return key, cert

    ca_key, ca_cert = ca("docproc test CA")
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = (x509.CertificateBuilder().subject_name(name("localhost"))
              .issuer_name(ca_cert.subject).public_key(server_key.public_key())
              .serial_number(x509.random_serial_number())
              .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=2))
              .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]),
                             critical=False)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                  ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    (root / "ca.pem").write_bytes(ca_cert.public_bytes(pem))
    (root / "other-ca.pem").write_bytes(ca("another CA")[1].public_bytes(pem))
    (root / "server.pem").write_bytes(server.public_bytes(pem))
    key_path = root / "server.key"
    key_path.write_bytes(server_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_path.chmod(0o600)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    root: Path
    port: int
    tls_port: int
    proc: subprocess.Popen[bytes]
    host: str = "127.0.0.1"
    user: str = USER
    password: str = PASSWORD
    introspection_url: str | None = None  # token logins (oauth2 passdb) are checked there

    @property
    def cafile(self) -> str:
        """The CA that signed the server certificate (for ``localhost``)."""
        return str(self.root / "ca.pem")

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
        """App config for plain IMAP; MAIL_SCHEDULE=off: tests poll by hand unless they say."""
        return {"MAIL_HOST": self.host, "MAIL_PORT": self.port, "MAIL_SECURITY": "none",
                "MAIL_USER": self.user, "MAIL_PASSWORD": self.password, "MAIL_TIMEOUT": 10,
                "MAIL_SCHEDULE": "off", **extra}

    def token_config(self, token: str | None = GOOD_TOKEN, **extra: object
                     ) -> dict[str, object]:
        """App config for token login (XOAUTH2) with ``token`` and no password."""
        cfg = self.config(MAIL_TOKEN=token, MAIL_TIMEOUT=30, **extra)  # failures are delayed
        del cfg["MAIL_PASSWORD"]
        return cfg

    def tls_config(self, security: str, **extra: object) -> dict[str, object]:
        """App config for IMAPS (``ssl``) or STARTTLS, verifying against the test CA."""
        port = self.tls_port if security == "ssl" else self.port
        return self.config(**{"MAIL_HOST": "localhost", "MAIL_PORT": port,
                              "MAIL_SECURITY": security, "MAIL_CAFILE": self.cafile, **extra})

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL the whole server (master, login and imap processes): a crash, not a stop."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)

    def _wait_group_gone(self, timeout: float = 10.0) -> None:
        """Wait until no process of the server's group is left: a killed master's login or
        stats process that lingers keeps its socket answering, and a new master on the same
        directory then refuses to start ("Dovecot is already running?")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                return
            time.sleep(0.05)

    def restart(self) -> Dovecot:
        """A new server on the same directory and ports (the mail survives)."""
        self.stop()
        self._wait_group_gone()
        return start_dovecot(self.root, (self.port, self.tls_port),
                             introspection_url=self.introspection_url)


# Token login (XOAUTH2 / OAUTHBEARER) checked by an OAuth2 introspection endpoint (RFC 7662);
# the password passdb then answers PLAIN and LOGIN only, so a token is never taken as a password.
_OAUTH2_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/dovecot-oauth2.conf.ext
}}
"""
_OAUTH2_CONF = """\
introspection_mode = post
introspection_url = {url}
username_attribute = username
username_format = %u
active_attribute = active
active_value = true
force_introspection = yes
timeout_msecs = 5000
"""


class Introspection:
    """A loopback OAuth2 introspection endpoint: ``{"active": true, "username": user}`` for the
    tokens in ``good`` (POST ``token=...``), ``{"active": false}`` for any other token."""

    def __init__(self, good: dict[str, str]) -> None:
        import json
        import threading
        import urllib.parse
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.good = good
        self.seen: list[str] = []  # the tokens asked about, in order
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                token = (form.get("token") or [""])[0]
                outer.seen.append(token)
                user = outer.good.get(token)
                body = json.dumps({"active": True, "username": user} if user
                                  else {"active": False}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/introspect"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_dovecot(root: Path | None = None, ports: tuple[int, int] | None = None, *,
                  introspection_url: str | None = None) -> Dovecot:
    """Start a server in a new temporary directory, or again in ``root`` on ``ports``.

    With ``introspection_url``, the server also takes token logins (XOAUTH2, OAUTHBEARER)
    through an oauth2 passdb asking that endpoint.
    """
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if os.geteuid() == 0:
        pw = pwd.getpwnam("dovecot")
        internal, login = "dovecot", "dovenull"
    else:
        pw = pwd.getpwuid(os.getuid())
        internal = login = pw.pw_name
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="dp-dovecot-"))
        os.chmod(root, 0o755)
        for d in ("run", "state", "mail"):
            (root / d).mkdir()
        os.chown(root / "mail", pw.pw_uid, pw.pw_gid)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        _certificates(root)
    port, tls_port = ports or (free_port(), free_port())
    oauth2 = {"mechanisms": "", "passdb_mechanisms": "", "oauth2_passdb": ""}
    if introspection_url:
        (root / "dovecot-oauth2.conf.ext").write_text(_OAUTH2_CONF.format(url=introspection_url))
        oauth2 = {"mechanisms": " xoauth2 oauthbearer",
                  "passdb_mechanisms": "\n  mechanisms = plain login",
                  "oauth2_passdb": _OAUTH2_PASSDB.format(root=root)}
    conf = root / "dovecot.conf"
    conf.write_text(_CONF.format(root=root, name=f"dp-{uuid.uuid4().hex[:8]}", port=port,
                                 tls_port=tls_port, uid=pw.pw_uid, gid=pw.pw_gid,
                                 internal=internal, login=login, **oauth2))
    # Its own process group, so that kill() reaches the login and imap processes too.
    proc = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    server = Dovecot(root=root, port=port, tls_port=tls_port, proc=proc,
                     introspection_url=introspection_url)
    deadline = time.monotonic() + 30
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
    raise RuntimeError("dovecot did not start in 30 s")


def remove(server: Dovecot) -> None:
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)


HAVE_DOVECOT = bool(shutil.which("dovecot") or os.path.exists("/usr/sbin/dovecot"))


def skip_without_dovecot() -> Any:
    """The mark for Dovecot tests: skipped only when Dovecot is absent and CI is unset."""
    import pytest

    return pytest.mark.skipif(not HAVE_DOVECOT and not os.environ.get("CI"),
                              reason="dovecot is not installed (apt-get install dovecot-imapd)")


def fresh_mailbox(server: Dovecot, config: dict[str, object] | None = None
                  ) -> dict[str, object]:
    """A new folder trio (inbox, processed, failed) on ``server``, merged into ``config``."""
    name = f"t{uuid.uuid4().hex[:8]}"
    imap = server.client()
    try:
        imap.create(name)
    finally:
        imap.logout()
    return {**(config if config is not None else server.config()), "MAIL_FOLDER": name,
            "MAIL_PROCESSED_FOLDER": f"{name}-done", "MAIL_FAILED_FOLDER": f"{name}-failed"}


def message(subject: str, attachments: list[tuple[str, bytes, str]] | None = None, *,
            mid: str | None = None, sender: str = "Agent <agent@shipping.example>") -> bytes:
    """A mail as delivered: a short text body and ``(filename, data, content type)`` attachments."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "docs@docproc.example"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 10 Mar 2026 09:30:00 +0100"
    msg["Message-ID"] = mid or f"<{uuid.uuid4().hex}@shipping.example>"
    msg.set_content("Please find the documents attached.")
    for name, data, ctype in attachments or []:
        main, sub = ctype.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes()
