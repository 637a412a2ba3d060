"""After an erasure and a checkpoint, a person's words are gone from the disk: not only from the
raw bytes (encrypted anyway) but from every decrypted page of the database file and its WAL.
Before it, the words they saved are in no decrypted page either: they are sealed under the
person's own key, kept in the key store beside the database (tests/test_person_keys.py).

The pages are decrypted here, independently of SQLCipher, with `cryptography`: SQLCipher 4 keeps
the 16-byte key salt at the start of page 1; every page ends with a reserve of a 16-byte IV and
an HMAC; the rest is AES-256-CBC under a key from PBKDF2-HMAC-SHA512 over the passphrase and the
salt. Every page's HMAC is checked, so a page that did not decrypt can never pass as "clean".
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.config import Settings
from bot.store import Store
from bot.store.entries import editable_text
from conversations.erase import texts as erase_texts
from fake_telegram import FakeTelegram, FakeUser, HttpDouble, SyncFakeUser
from tests.conftest import KEY, NOW, Harness, onboard
from tests.e2e_support import BotProcess, bot_env, db_path, env_for, onboard_sync

ANA_WORDS = "SENTINEL-7f3a: I asked for help at work"
ANA_NAME = "Anastasiq7f3a"  # Telegram sends a first name with every update
BO_WORDS = "SENTINEL-b0b5: I went for a walk"
BOT_WORDS = "MARK-c0de: the bot's own words"
PAUSED = "Paused before reacting ⏸️"

SALT_SIZE = 16
IV_SIZE = 16
WAL_HEADER = 32
WAL_FRAME_HEADER = 24
WAL_MAGIC = (0x377F0682, 0x377F0683)


@dataclass(frozen=True)
class CipherDefaults:
    """What this SQLCipher build does to a database keyed with a passphrase and no settings."""

    page_size: int
    kdf_iter: int

    @property
    def reserve(self) -> int:
        """The IV and the HMAC-SHA512 at the end of every page, in whole AES blocks."""
        return -(-(IV_SIZE + hashlib.sha512().digest_size) // 16) * 16

    @classmethod
    def reported(cls) -> CipherDefaults:
        """Ask the library, and refuse settings this decrypter does not implement."""
        conn = sqlcipher3.connect(":memory:")
        try:

            def pragma(name: str) -> str:
                return str(conn.execute(f"PRAGMA {name}").fetchone()[0])

            assert pragma("cipher_default_kdf_algorithm") == "PBKDF2_HMAC_SHA512"
            assert pragma("cipher_default_hmac_algorithm") == "HMAC_SHA512"
            assert pragma("cipher_default_plaintext_header_size") == "0"
            return cls(
                int(pragma("cipher_default_page_size")), int(pragma("cipher_default_kdf_iter"))
            )
        finally:
            conn.close()


class PageCheckError(AssertionError):
    """A page's HMAC does not match: wrong key, or not a SQLCipher page."""


@dataclass(frozen=True)
class Page:
    """One decrypted page: where it was found and its plaintext (without salt and reserve)."""

    where: str
    number: int
    plaintext: bytes


class SQLCipherPages:
    """Decrypts the pages of a SQLCipher 4 database file and the frames of its WAL."""

    def __init__(self, passphrase: str, defaults: CipherDefaults) -> None:
        self._passphrase = passphrase.encode()
        self._defaults = defaults
        self._keys: dict[bytes, tuple[bytes, bytes]] = {}

    def _keys_for(self, salt: bytes) -> tuple[bytes, bytes]:
        if salt not in self._keys:
            key = hashlib.pbkdf2_hmac("sha512", self._passphrase, salt, self._defaults.kdf_iter, 32)
            hmac_salt = bytes(b ^ 0x3A for b in salt)
            self._keys[salt] = key, hashlib.pbkdf2_hmac("sha512", key, hmac_salt, 2, 32)
        return self._keys[salt]

    def decrypt(self, page: bytes, number: int, salt: bytes, where: str) -> Page:
        """Check one page's HMAC and decrypt it."""
        size, reserve = self._defaults.page_size, self._defaults.reserve
        assert len(page) == size
        key, hmac_key = self._keys_for(salt)
        start = SALT_SIZE if number == 1 else 0
        end = size - reserve
        iv, mac = page[end : end + IV_SIZE], page[end + IV_SIZE : end + reserve]
        signed = page[start : end + IV_SIZE] + struct.pack("<I", number)
        if not hmac.compare_digest(hmac.new(hmac_key, signed, hashlib.sha512).digest(), mac):
            raise PageCheckError(f"{where}: page {number} does not authenticate")
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plaintext = decryptor.update(page[start:end]) + decryptor.finalize()
        if number == 1:
            # The SQLite header after the salt: page size, file format versions, then the reserve.
            assert int.from_bytes(plaintext[0:2], "big") == size
            assert plaintext[4] == reserve
        return Page(where, number, plaintext)

    def salt(self, path: Path) -> bytes:
        """The key salt: the first 16 bytes of the file (page 1 is never encrypted there)."""
        with path.open("rb") as handle:
            salt = handle.read(SALT_SIZE)
        assert len(salt) == SALT_SIZE, f"{path} has no page 1"
        return salt

    def database(self, path: Path) -> list[Page]:
        """Every page of a database file."""
        raw, size = path.read_bytes(), self._defaults.page_size
        assert raw and len(raw) % size == 0
        salt = raw[:SALT_SIZE]
        return [
            self.decrypt(raw[i : i + size], i // size + 1, salt, path.name)
            for i in range(0, len(raw), size)
        ]

    def wal(self, path: Path, salt: bytes) -> list[Page]:
        """The page in every frame of a WAL file, including frames older than its last reset."""
        if not path.exists() or path.stat().st_size == 0:
            return []
        raw, size = path.read_bytes(), self._defaults.page_size
        magic, _version, page_size = struct.unpack(">III", raw[:12])
        assert magic in WAL_MAGIC and page_size == size
        pages = []
        offset = WAL_HEADER
        while offset + WAL_FRAME_HEADER + size <= len(raw):
            (number,) = struct.unpack(">I", raw[offset : offset + 4])
            page = raw[offset + WAL_FRAME_HEADER : offset + WAL_FRAME_HEADER + size]
            where = f"{path.name} frame {(offset - WAL_HEADER) // (WAL_FRAME_HEADER + size)}"
            pages.append(self.decrypt(page, number, salt, where))
            offset += WAL_FRAME_HEADER + size
        return pages

    def on_disk(self, db: Path) -> list[Page]:
        """The database file's pages, then its WAL's."""
        wal = db.with_name(db.name + "-wal")
        return [*self.database(db), *self.wal(wal, self.salt(db))]


@pytest.fixture
def settings(tmp_path: Path, telegram: FakeTelegram) -> Settings:
    """These tests read the SQLite file's pages: SQLite even when SMALLSTEPS_TEST_BACKEND
    runs the application's tests on PostgreSQL."""
    return Settings(token=telegram.token, db_key=KEY, db_path=tmp_path / "smallsteps.db")


@pytest.fixture(scope="module")
def pages() -> SQLCipherPages:
    return SQLCipherPages(KEY, CipherDefaults.reported())


def _raw(db: Path) -> bytes:
    """Every byte SQLite keeps for this database: the file, its WAL and its shared memory."""
    return b"".join(p.read_bytes() for p in db.parent.iterdir() if p.name.startswith(db.name))


def _where(pages: list[Page], words: str) -> list[str]:
    needle = words.encode()
    return [f"{page.where} (page {page.number})" for page in pages if needle in page.plaintext]


def _wal(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


async def _write_a_win(user: FakeUser, words: str) -> None:
    await onboard(user)
    await user.send("/win")
    await user.send(words)
    await user.tap(PAUSED)
    assert "Saved ✓" in user.last_text()


def test_the_decrypter_finds_words_and_refuses_a_wrong_key(
    tmp_path: Path, pages: SQLCipherPages
) -> None:
    db = tmp_path / "plain.db"

    async def write() -> None:
        store = Store(db, KEY)
        await store.open()
        await store.users.create(7, "en", NOW)
        # A conversation's name is the bot's own words, not sealed: the decrypter finds it.
        await store.state.save_conversation(BOT_WORDS, (7, 7), "step", NOW)
        await store.state.save_draft(7, {"words": ANA_WORDS})
        await store.close()

    asyncio.run(write())
    assert ANA_WORDS.encode() not in _raw(db)
    assert _where(pages.on_disk(db), BOT_WORDS)
    assert _where(pages.on_disk(db), ANA_WORDS) == []  # sealed under her own key
    with pytest.raises(PageCheckError):
        SQLCipherPages("w" * 40, CipherDefaults.reported()).database(db)


def _assert_gone(db: Path, pages: SQLCipherPages) -> None:
    """Ana's words are in no byte and no decrypted page (every page's HMAC checked, so every
    page did decrypt); Bo's are sealed, so in no page either."""
    assert b"SENTINEL-7f3a" not in _raw(db)
    after = pages.on_disk(db)
    assert _where(after, "SENTINEL-7f3a") == []
    assert _where(after, BO_WORDS) == []


async def _words_of(store: Store, telegram_id: int) -> list[str | None]:
    return [editable_text(entry) for entry in await store.entries.all_of(telegram_id)]


async def _bo_still_reads(db: Path, bo: int) -> None:
    """Bo's win still opens with his key, after Ana's erasure (and the bot stopped)."""
    store = Store(db, KEY)
    await store.open()
    try:
        assert await _words_of(store, bo) == [BO_WORDS]
    finally:
        await store.close()


async def test_delete_leaves_no_trace_in_the_file_or_its_wal(
    harness: Harness, settings: Settings, ana: FakeUser, pages: SQLCipherPages
) -> None:
    db = settings.db_path
    await _write_a_win(harness.person(2002, "Bo"), BO_WORDS)
    await _write_a_win(ana, ANA_WORDS)
    assert b"SENTINEL-7f3a" not in _raw(db)
    # Written, in the WAL's frames and then in the file's own pages: sealed in both.
    assert _where(pages.on_disk(db), ANA_WORDS) == []
    await harness.restart()  # closing checkpoints
    assert _where(pages.database(db), ANA_WORDS) == []
    assert await _words_of(harness.store, ana.user_id) == [ANA_WORDS]

    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    assert ana.replies() == [erase_texts.ERASED]
    _assert_gone(db, pages)  # while the bot keeps running
    assert await _words_of(harness.store, 2002) == [BO_WORDS]
    await harness.stop()
    _assert_gone(db, pages)


async def test_erase_user_leaves_no_trace(
    tmp_path: Path, harness: Harness, settings: Settings, pages: SQLCipherPages
) -> None:
    db = settings.db_path
    await _write_a_win(harness.person(3003, "Bo"), BO_WORDS)
    await _write_a_win(harness.person(4004, "Ana"), ANA_WORDS)
    assert await _words_of(harness.store, 4004) == [ANA_WORDS]
    await harness.stop()

    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "erase-user", "4004"],
        cwd=tmp_path,
        env=env_for(None, tmp_path, SMALLSTEPS_DB_KEY=KEY, SMALLSTEPS_DB_PATH=str(db)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "wins: 1" in result.stdout and "users: 1" in result.stdout
    assert "SENTINEL" not in result.stdout + result.stderr
    assert "person_keys: 1" in result.stdout
    _assert_gone(db, pages)
    await _bo_still_reads(db, 3003)


def _win_sync(user: SyncFakeUser, words: str) -> None:
    onboard_sync(user)
    user.send("/win")
    user.wait_for_text("What's one small thing")
    user.send(words)
    user.wait_for_text("Which kind of step")
    user.tap(PAUSED)
    user.wait_for_text("Saved ✓")


def test_delete_in_the_real_process_leaves_no_trace(
    double: tuple[FakeTelegram, HttpDouble], tmp_path: Path, pages: SQLCipherPages
) -> None:
    """The real process also keeps fetched updates (names and words in them) until handled."""
    telegram, server = double
    db = db_path(tmp_path)
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    ana = SyncFakeUser(telegram, user_id=5151, first_name=ANA_NAME)
    bot.start()
    try:
        _win_sync(SyncFakeUser(telegram, user_id=6161, first_name="Bo"), BO_WORDS)
        _win_sync(ana, ANA_WORDS)
        # Updates wait in the inbox (name and words in them) until handled, then go.
        assert _where(pages.on_disk(db), ANA_NAME)
        ana.send("/delete")
        ana.wait_for_text("permanently erases everything")
        ana.tap("Yes, erase everything")
        # The reply goes out after everything this update led to is written.
        ana.wait_for_text("has been erased")
        for words in (ANA_NAME, "SENTINEL-7f3a"):
            assert _where(pages.on_disk(db), words) == []
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output
    assert "SENTINEL" not in output and ANA_NAME not in output
    _assert_gone(db, pages)
    assert _where(pages.on_disk(db), ANA_NAME) == []
    asyncio.run(_bo_still_reads(db, 6161))


async def test_deleting_one_entry_leaves_no_trace_of_it(
    harness: Harness, settings: Settings, ana: FakeUser, pages: SQLCipherPages
) -> None:
    """One entry deleted from /history is erased as thoroughly as /delete erases everything;
    her other entries, and other people's, stay."""
    db = settings.db_path
    await _write_a_win(harness.person(2002, "Bo"), BO_WORDS)
    await _write_a_win(ana, ANA_WORDS)
    kept = "KEEP-4c1d: my other note"
    await ana.send("/note")
    await ana.send(kept)
    await harness.restart()  # the words are in the file's own pages now, not only the WAL

    await ana.send("/history")
    (label,) = [b for b in ana.buttons() if b.startswith("Open") and b.endswith("🌱")]
    await ana.tap(label)
    await ana.tap("Delete 🗑️")
    await ana.tap("Yes, delete it")
    assert "gone for good" in ana.last_text()
    _assert_gone(db, pages)  # while the bot keeps running
    assert await _words_of(harness.store, ana.user_id) == [kept]
    await harness.stop()
    _assert_gone(db, pages)


async def test_editing_an_entry_leaves_no_trace_of_the_old_words(
    harness: Harness, settings: Settings, ana: FakeUser, pages: SQLCipherPages
) -> None:
    db = settings.db_path
    await _write_a_win(harness.person(2002, "Bo"), BO_WORDS)
    await _write_a_win(ana, ANA_WORDS)
    await harness.restart()
    await ana.send("/history")
    (label,) = [b for b in ana.buttons() if b.startswith("Open")]
    await ana.tap(label)
    await ana.tap("Edit the words ✏️")
    await ana.send("NEW-9e2b: I asked for help")
    assert "Updated ✓" in ana.replies()
    _assert_gone(db, pages)
    assert await _words_of(harness.store, ana.user_id) == ["NEW-9e2b: I asked for help"]


_DIE_AFTER_ERASE_COMMIT = """
import asyncio, os, sys
from pathlib import Path
from bot.store import Store

async def main() -> None:
    store = Store(Path(sys.argv[1]), sys.argv[2])
    await store.open()

    async def killed() -> bool:
        os._exit(9)  # the process dies between the erasure's commit and its checkpoint

    store.db.checkpoint = killed
    await store.erase_person(int(sys.argv[3]), farewell=sys.argv[4])

asyncio.run(main())
"""


def test_a_kill_between_deletes_commit_and_its_cleanup_leaves_no_trace_and_says_done(
    double: tuple[FakeTelegram, HttpDouble], tmp_path: Path, pages: SQLCipherPages
) -> None:
    telegram, server = double
    db = db_path(tmp_path)
    env = bot_env(server, telegram, tmp_path)
    bot = BotProcess(telegram, env, tmp_path)
    ana = SyncFakeUser(telegram, user_id=5151, first_name=ANA_NAME)
    bot.start()
    try:
        _win_sync(SyncFakeUser(telegram, user_id=6161, first_name="Bo"), BO_WORDS)
        _win_sync(ana, ANA_WORDS)
        assert bot.terminate()[0] == 0
        # /delete's erasure commits, then the process dies before anything else happens.
        died = subprocess.run(
            [
                sys.executable,
                "-c",
                _DIE_AFTER_ERASE_COMMIT,
                str(db),
                KEY,
                "5151",
                erase_texts.ERASED,
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
        )
        assert died.returncode == 9, died.stderr
        mark = telegram.current_seq()
        bot.start()
        ana.wait_for_text("has been erased")  # told it is done, after the restart
        _assert_gone(db, pages)  # while the restarted bot runs
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output
    _assert_gone(db, pages)
    assert _where(pages.on_disk(db), ANA_NAME) == []
    done = [m for m in ana.transcript() if m.seq > mark and "has been erased" in m.text]
    assert len(done) == 1


def test_erase_user_while_the_bot_runs_refuses_and_after_it_stops_leaves_no_trace(
    double: tuple[FakeTelegram, HttpDouble], tmp_path: Path, pages: SQLCipherPages
) -> None:
    telegram, server = double
    db = db_path(tmp_path)
    env = bot_env(server, telegram, tmp_path)
    bot = BotProcess(telegram, env, tmp_path)
    ana = SyncFakeUser(telegram, user_id=7171, first_name=ANA_NAME)

    def erase_user() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "erase-user", "7171", "--yes"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    bot.start()
    try:
        _win_sync(SyncFakeUser(telegram, user_id=6161, first_name="Bo"), BO_WORDS)
        onboard_sync(ana)
        ana.send("/win")
        ana.wait_for_text("What's one small thing")
        ana.send(ANA_WORDS)  # a draft, held in the running bot's memory
        ana.wait_for_text("Which kind of step")
        refused = erase_user()
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "The bot is running" in refused.stderr and "/delete" in refused.stderr
        assert _where(pages.on_disk(db), ANA_NAME)  # nothing was erased (her updates' frames)
        assert bot.terminate()[0] == 0
        erased = erase_user()
        assert erased.returncode == 0, erased.stderr
        bot.start()  # the restarted bot brings nothing of hers back
        _assert_gone(db, pages)
        assert bot.terminate()[0] == 0
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    _assert_gone(db, pages)
