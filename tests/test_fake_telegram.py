"""The Telegram double, driven by real python-telegram-bot objects (nothing patched)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from fake_telegram import (
    FakeRequest,
    FakeTelegram,
    FakeUser,
    SyncFakeUser,
    parse_html,
    serve_http,
)

ANA = 42


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet with a keyboard."""
    assert update.effective_message is not None and update.effective_user is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="yes"),
                InlineKeyboardButton("Later", callback_data="later"),
            ],
            [InlineKeyboardButton("Site", url="https://example.org")],
        ]
    )
    name = html.escape(update.effective_user.first_name)
    await update.effective_message.reply_html(f"Hello, <b>{name}</b>!", reply_markup=keyboard)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text back, escaped."""
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_html(
        f"You said: {html.escape(update.effective_message.text)}"
    )


async def _choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press and replace the keyboard message."""
    query = update.callback_query
    assert query is not None
    await query.answer("Noted")
    await query.edit_message_text(f"You chose {query.data}")


async def _joined(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Leave any group the bot is added to."""
    chat = update.effective_chat
    assert chat is not None
    if chat.type != "private":
        await context.bot.leave_chat(chat.id)


def _build_app(builder: ApplicationBuilder) -> Application:
    """The tiny bot used by these tests."""
    app = builder.build()
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    app.add_handler(CallbackQueryHandler(_choice))
    app.add_handler(ChatMemberHandler(_joined, ChatMemberHandler.MY_CHAT_MEMBER))
    return app


@pytest.fixture
def fake() -> FakeTelegram:
    """A fresh double."""
    return FakeTelegram()


@pytest.fixture
async def app(fake: FakeTelegram) -> AsyncIterator[Application]:
    """A real Application talking to the double in process."""
    builder = (
        ApplicationBuilder()
        .token(fake.token)
        .request(FakeRequest(fake))
        .get_updates_request(FakeRequest(fake))
    )
    application = _build_app(builder)
    async with application:
        yield application


@pytest.fixture
def ana(fake: FakeTelegram, app: Application) -> FakeUser:
    """A user whose updates go straight into the Application."""

    async def deliver(update: dict[str, Any]) -> None:
        await app.process_update(Update.de_json(update, app.bot))

    return FakeUser(fake, deliver, user_id=ANA, first_name="Ana <3")


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    """A bare Bot on the double, with Ana's chat registered."""
    fake.add_private_chat(ANA)
    the_bot = Bot(fake.token, request=FakeRequest(fake), get_updates_request=FakeRequest(fake))
    async with the_bot:
        yield the_bot


# --------------------------------------------------------------------------- chatting


async def test_echo_shows_in_transcript(fake: FakeTelegram, ana: FakeUser) -> None:
    await ana.send("hi & <bye>")

    message = ana.last_message()
    assert message.text == "You said: hi & <bye>"
    assert message.raw == "You said: hi &amp; &lt;bye&gt;"
    assert message.parse_mode == "HTML"
    assert message.message_id == 2  # the user's message was 1: one id sequence per chat
    assert ana.texts() == ["You said: hi & <bye>"]
    assert [call.method for call in fake.calls] == ["getMe", "sendMessage"]


async def test_commands_get_bot_command_entities(fake: FakeTelegram, ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.send("/start@SmallStepsTestBot")
    await ana.send("/start@SomeOtherBot")

    assert ana.texts() == ["Hello, Ana <3!", "Hello, Ana <3!"]
    assert ana.last_message().entities == [{"offset": 7, "length": 6, "type": "bold"}]


async def test_tap_a_button_by_label(fake: FakeTelegram, ana: FakeUser) -> None:
    await ana.send("/start")
    assert ana.buttons() == ["Yes", "Later", "Site"]
    keyboard = ana.last_message()

    query_id = await ana.tap("Yes")

    assert fake.unanswered_callback_queries() == []
    assert fake.callback_answer(query_id) == {"text": "Noted"}
    edited = ana.last_message()
    assert edited.message_id == keyboard.message_id
    assert edited.text == "You chose yes"
    assert edited.seq > keyboard.seq
    assert ana.buttons() == []  # editing without reply_markup drops the keyboard, as on Telegram


async def test_tap_of_a_missing_label_lists_the_offer(ana: FakeUser) -> None:
    await ana.send("/start")
    with pytest.raises(AssertionError, match=r"\['Yes', 'Later', 'Site'\]"):
        await ana.tap("No")


async def test_stale_button_gets_an_inaccessible_message(fake: FakeTelegram) -> None:
    seen: list[Any] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update.callback_query)
        assert update.callback_query is not None
        await update.callback_query.answer()

    app_ = (
        Application.builder()
        .token(fake.token)
        .request(FakeRequest(fake))
        .get_updates_request(FakeRequest(fake))
        .build()
    )
    app_.add_handler(CallbackQueryHandler(record))
    async with app_:
        user = FakeUser(fake, lambda u: app_.process_update(Update.de_json(u, app_.bot)), user_id=7)
        await user.tap_data("forged", message_id=99)

    assert seen[0].data == "forged"
    assert seen[0].message.message_id == 99
    assert not seen[0].message.is_accessible


async def test_edits_bump_seq(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(ANA, "one")
    first = fake.transcript(ANA)[-1]
    await bot.edit_message_text("two", chat_id=ANA, message_id=sent.message_id)
    second = fake.transcript(ANA)[-1]
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    await bot.edit_message_reply_markup(ANA, sent.message_id, reply_markup=markup)
    third = fake.transcript(ANA)[-1]

    assert (first.text, second.text) == ("one", "two")
    assert first.seq < second.seq < third.seq
    assert third.buttons[0][0].callback_data == "go"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(ANA, sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("two", ANA, sent.message_id, reply_markup=markup)


async def test_deleted_messages_leave_the_transcript(fake: FakeTelegram, bot: Bot) -> None:
    keep = await bot.send_message(ANA, "keep")
    drop = await bot.send_message(ANA, "drop")
    assert await bot.delete_message(ANA, drop.message_id)
    assert [m.text for m in fake.transcript(ANA)] == ["keep"]
    assert fake.transcript(ANA)[0].message_id == keep.message_id


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I <3 you", 'unsupported start tag "3" at byte offset 2'),
        ("Ção <3 x", 'unsupported start tag "3" at byte offset 6'),
        ("<b>bold", 'can\'t find end tag corresponding to start tag "b"'),
        ("Tom & Jerry", 'unescaped "&" at byte offset 4'),
        ("<b>x</i>", 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<br>", 'unsupported start tag "br"'),
        ('<span class="x">s</span>', 'tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_bad_html_is_rejected(bot: Bot, text: str, expected: str) -> None:
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(ANA, text, parse_mode="HTML")
    message = str(caught.value).lower()  # PTB drops "Bad Request: " and re-capitalises
    assert message.startswith("can't parse entities: ")
    assert expected in message


async def test_escaped_html_is_accepted_and_parsed(fake: FakeTelegram, bot: Bot) -> None:
    user_text = 'I <3 "Tom & Jerry" 😀'
    await bot.send_message(
        ANA,
        f"<i>{html.escape(user_text)}</i> &#x1F600; &#128512; <tg-spoiler>x</tg-spoiler>",
        parse_mode="HTML",
    )
    message = fake.transcript(ANA)[-1]
    assert message.text == f"{user_text} 😀 😀 x"
    assert message.entities == [
        {"offset": 0, "length": 21, "type": "italic"},  # UTF-16 units: the emoji counts 2
        {"offset": 28, "length": 1, "type": "spoiler"},
    ]


def test_parse_html_handles_links_code_and_quotes() -> None:
    text, entities = parse_html(
        '<a href="https://e.org/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-python">x = 1</code></pre> '
        "<blockquote expandable>q</blockquote>"
    )
    assert text == "link x = 1 q"
    assert entities == [
        {"offset": 0, "length": 4, "type": "text_link", "url": "https://e.org/?a=1&b=2"},
        {"offset": 5, "length": 5, "type": "pre", "language": "python"},
        {"offset": 11, "length": 1, "type": "expandable_blockquote"},
    ]


@pytest.mark.parametrize("text", ["", "   \n ", "<b> </b>"])
async def test_empty_text_is_rejected(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ANA, text, parse_mode="HTML")


async def test_length_is_counted_in_utf16_after_parsing(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(ANA, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(ANA, "😀" * 2048)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ANA, "x" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ANA, "😀" * 2049)  # 2049 characters, 4098 UTF-16 units
    assert len(fake.transcript(ANA)) == 2


async def test_caption_limit_and_media(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_document(
        ANA, b"\r\n\x00binary\r\n", filename="a.bin", caption="<b>file</b>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "a.bin"
    assert sent.caption == "file"
    message = fake.transcript(ANA)[-1]
    assert (message.kind, message.text, message.file_name) == ("document", "file", "a.bin")
    assert message.file_bytes == b"\r\n\x00binary\r\n"
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(ANA, b"jpeg", caption="x" * 1025)
    again = await bot.send_photo(ANA, b"jpeg", caption="x" * 1024)
    assert again.photo


async def test_callback_data_is_limited_to_64_bytes(fake: FakeTelegram, bot: Bot) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("B", callback_data=data)]])

    await bot.send_message(ANA, "ascii", reply_markup=keyboard("x" * 64))
    await bot.send_message(ANA, "two-byte letters", reply_markup=keyboard("é" * 32))
    for too_long in ("x" * 65, "é" * 33):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(ANA, "too long", reply_markup=keyboard(too_long))
    assert len(fake.transcript(ANA)) == 2


@pytest.mark.parametrize(
    ("button", "expected"),
    [
        (InlineKeyboardButton("Nothing"), "(?i)text buttons are unallowed"),
        (InlineKeyboardButton("", callback_data="x"), "Button_text_invalid"),
        (InlineKeyboardButton("Empty", callback_data=""), "(?i)text buttons are unallowed"),
        (
            InlineKeyboardButton("Both", callback_data="x", url="https://e.org"),
            "exactly one of",
        ),
        (InlineKeyboardButton("Bad url", url="e.org"), "Button_url_invalid"),
    ],
)
async def test_bad_inline_buttons_are_rejected(
    bot: Bot, button: InlineKeyboardButton, expected: str
) -> None:
    with pytest.raises(BadRequest, match=expected):
        await bot.send_message(ANA, "hi", reply_markup=InlineKeyboardMarkup([[button]]))


async def test_other_keyboards_are_recorded(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(ANA, "pick", reply_markup=ReplyKeyboardMarkup([["A", "B"]]))
    await bot.send_message(ANA, "gone", reply_markup=ReplyKeyboardRemove())
    await bot.send_message(ANA, "say", reply_markup=ForceReply())
    markups = [m.reply_markup for m in fake.transcript(ANA)]
    assert markups[0] is not None and markups[0]["keyboard"] == [[{"text": "A"}, {"text": "B"}]]
    assert markups[1] == {"remove_keyboard": True}
    assert markups[2] == {"force_reply": True}


async def test_unknown_chats_and_messages(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hello?")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=ANA, message_id=12345)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ANA, 12345)
    fake.add_private_chat(7, "Bo")
    await bot.send_message(7, "registered without an update")
    assert [m.text for m in fake.transcript(7)] == ["registered without an update"]


async def test_answering_twice_fails(fake: FakeTelegram, app: Application, ana: FakeUser) -> None:
    await ana.send("/start")
    query_id = await ana.tap("Later")
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query("never-sent")


async def test_blocked_user(fake: FakeTelegram, app: Application, ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.block_bot()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(ANA, "still there?")
    await ana.unblock_bot()
    await app.bot.send_message(ANA, "welcome back")
    fake.block(ANA)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_chat_action(ANA, "typing")


async def test_injected_faults(
    fake: FakeTelegram, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB warns on int retry_after otherwise
    fake.fail_next(
        "sendmessage", status=429, description="Too Many Requests: retry after 7", retry_after=7
    )
    fake.fail_next("sendMessage", status=502, description="Bad Gateway")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANA, "one")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ANA, "two")
    await bot.send_message(ANA, "three")
    assert [c.status for c in fake.calls_to("sendMessage")] == [429, 502, 200]
    assert fake.calls_to("sendMessage")[0].response["parameters"] == {"retry_after": 7}


async def test_commands_are_validated_and_stored(fake: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "What I do")])
    assert fake.commands() == [
        {"command": "start", "description": "Begin"},
        {"command": "help", "description": "What I do"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Begin")])
    with pytest.raises(BadRequest, match="Bot_command_description_invalid"):
        await bot.set_my_commands([BotCommand("start", "x" * 257)])
    await bot.delete_my_commands()
    assert fake.commands() == []


async def test_other_methods_parse_in_ptb(fake: FakeTelegram, bot: Bot) -> None:
    chat = await bot.get_chat(ANA)
    assert (chat.id, chat.type, chat.first_name) == (ANA, "private", "Ana")
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.set_my_description("Helps you notice progress")
    assert (await bot.get_my_description()).description == "Helps you notice progress"
    assert await bot.set_my_short_description("Small steps")
    assert await bot.send_chat_action(ANA, "typing")
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(ANA, "re", reply_to_message_id=999)
    with pytest.raises(BadRequest, match="Chat member status can't be changed"):
        await bot.leave_chat(ANA)
    assert [c.method for c in fake.calls][-3:] == ["sendChatAction", "sendMessage", "leaveChat"]


async def test_user_media_reaches_handlers(fake: FakeTelegram) -> None:
    seen: list[str] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        if message.photo:
            photo = await message.photo[-1].get_file()
            seen.append(f"photo:{bytes(await photo.download_as_bytearray())[:2].hex()}")
        else:
            seen.append(message.effective_attachment.__class__.__name__)

    app_ = (
        ApplicationBuilder()
        .token(fake.token)
        .request(FakeRequest(fake))
        .get_updates_request(FakeRequest(fake))
        .build()
    )
    app_.add_handler(MessageHandler(filters.ALL, record))
    async with app_:
        bo = FakeUser(fake, lambda u: app_.process_update(Update.de_json(u, app_.bot)), user_id=9)
        await bo.send_photo()
        await bo.send_sticker()
        await bo.send_voice()
        await bo.send_document()
    assert seen == ["photo:ffd8", "Sticker", "Voice", "Document"]


async def test_unknown_method(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("makeCoffee")


async def test_groups_and_leave_chat(fake: FakeTelegram, app: Application, ana: FakeUser) -> None:
    await ana.add_bot_to_group(-100123, "Family")
    assert fake.left_chats == {-100123}
    with pytest.raises(Forbidden, match="not a member"):
        await app.bot.send_message(-100123, "hello group")


async def test_get_updates_in_process(fake: FakeTelegram, bot: Bot) -> None:
    user = SyncFakeUser(fake, user_id=7)
    user.send("first")
    user.send("second")
    assert fake.pending_updates() == 2

    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["first", "second"]
    await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert fake.pending_updates() == 0

    poll = asyncio.create_task(bot.get_updates(offset=updates[-1].update_id + 1, timeout=10))
    assert await asyncio.to_thread(fake.wait_until, lambda: fake.polls_in_progress() == 1, 5)
    started = time.monotonic()
    user.send("third")
    woken = await poll
    assert [u.message.text for u in woken if u.message] == ["third"]
    assert time.monotonic() - started < 5


# --------------------------------------------------------------------------- over HTTP


async def test_http_bot_round_trip(fake: FakeTelegram, capfd: pytest.CaptureFixture[str]) -> None:
    fake.add_private_chat(ANA)
    with serve_http(fake) as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/bot"
        bot = Bot(fake.token, base_url=server.base_url, base_file_url=server.file_base_url)
        async with bot:
            assert bot.username == "SmallStepsTestBot"
            sent = await bot.send_message(ANA, "<b>hi</b> &amp; bye", parse_mode="HTML")
            assert sent.text == "hi & bye"
            doc = await bot.send_document(ANA, b"\r\n\x00\xffdata\r\n--x", filename="d.bin")
            assert fake.transcript(ANA)[-1].file_bytes == b"\r\n\x00\xffdata\r\n--x"
            assert doc.document is not None
            file = await bot.get_file(doc.document.file_id)
            assert await file.download_as_bytearray() == b"\r\n\x00\xffdata\r\n--x"
            with pytest.raises(BadRequest, match=r"(?i)unsupported start tag"):
                await bot.send_message(ANA, "I <3 you", parse_mode="HTML")

            poll = asyncio.create_task(bot.get_updates(timeout=10))
            assert await asyncio.to_thread(
                fake.wait_until, lambda: fake.polls_in_progress() == 1, 5
            )
            SyncFakeUser(fake, user_id=7).send("ping")
            updates = await poll
            assert [u.message.text for u in updates if u.message] == ["ping"]

        with pytest.raises(InvalidToken):
            async with Bot("999:WRONG", base_url=server.base_url):
                pass
    assert capfd.readouterr().err == ""


def test_http_accepts_json_form_and_query(fake: FakeTelegram) -> None:
    fake.add_private_chat(ANA)

    def call(path: str, body: bytes | None, content_type: str | None) -> dict[str, Any]:
        request = urllib.request.Request(server.base_url + fake.token + path, data=body)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return json.loads(error.read())

    with serve_http(fake) as server:
        as_json = json.dumps({"chat_id": ANA, "text": "json"}).encode()
        assert call("/sendMessage", as_json, "application/json")["ok"]
        assert call("/SENDMESSAGE", b"chat_id=42&text=form", "application/x-www-form-urlencoded")[
            "ok"
        ]
        assert call("/sendMessage?chat_id=42&text=query", None, None)["ok"]
        assert call("/nope", None, None)["description"] == "Not Found: method not found"
        wrong = urllib.request.Request(server.base_url + "1:BAD/getMe")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(wrong, timeout=5)
        with caught.value as error:
            assert error.code == 401
    assert [m.text for m in fake.transcript(ANA)] == ["json", "form", "query"]


async def test_polling_application_over_http(fake: FakeTelegram) -> None:
    with serve_http(fake) as server:
        builder = (
            ApplicationBuilder()
            .token(fake.token)
            .base_url(server.base_url)
            .base_file_url(server.file_base_url)
        )
        app = _build_app(builder)
        ana = SyncFakeUser(fake, user_id=ANA, first_name="Ana")
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            try:
                ana.send("/start")
                greeting = await asyncio.to_thread(ana.wait_for_text, "Hello, Ana", 10)
                assert [b.text for row in greeting.buttons for b in row] == [
                    "Yes",
                    "Later",
                    "Site",
                ]
                ana.tap("Yes")
                chosen = await asyncio.to_thread(ana.wait_for_text, "You chose yes", 10)
                assert chosen.message_id == greeting.message_id
                answered = await asyncio.to_thread(
                    fake.wait_until, lambda: not fake.unanswered_callback_queries(), 10
                )
                assert answered
                with pytest.raises(AssertionError, match="Recent transcript"):
                    await asyncio.to_thread(ana.wait_for_text, "never said", 0.2)
            finally:
                await app.updater.stop()
                await app.stop()
    assert fake.pending_updates() == 0  # the Updater confirmed everything on the way out


def test_a_newer_poll_terminates_an_older_one(fake: FakeTelegram) -> None:
    results: list[tuple[int, dict[str, Any]]] = []
    older = threading.Thread(
        target=lambda: results.append(fake.handle("getUpdates", {"timeout": "10"}))
    )
    older.start()
    assert fake.wait_until(lambda: fake.polls_in_progress() == 1, 5)
    newer = fake.handle("getUpdates", {"timeout": "0"})
    older.join(5)
    assert newer == (200, {"ok": True, "result": []})
    assert results[0][0] == 409
    assert results[0][1]["description"].startswith("Conflict: terminated by other getUpdates")


def test_stopping_the_server_releases_long_polls(fake: FakeTelegram) -> None:
    server = serve_http(fake)
    port = server.port
    results: list[tuple[int, dict[str, Any]]] = []
    poller = threading.Thread(
        target=lambda: results.append(fake.handle("getUpdates", {"timeout": "20"}))
    )
    poller.start()
    assert fake.wait_until(lambda: fake.polls_in_progress() == 1, 5)
    started = time.monotonic()
    server.stop()
    poller.join(5)
    assert results == [(200, {"ok": True, "result": []})]
    assert time.monotonic() - started < 5
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/bot{fake.token}/getMe", timeout=5)
