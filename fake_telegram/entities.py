"""Telegram's HTML parse mode, parsed the way the Bot API does (but stricter about "&")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\v\f"
_MAX_CODE_POINT = 0x10FFFF


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message uses Telegram's wording."""


def utf16_len(text: str) -> int:
    """Length of text in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of text[index], as Telegram reports positions."""
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode the character reference starting at text[i] == "&"; None if it is not one."""
    n = len(text)
    j = i + 1
    if j < n and text[j] == "#":
        j += 1
        base = 10
        if j < n and text[j] in "xX":
            base = 16
            j += 1
        digits_start = j
        allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
        while j < n and text[j] in allowed:
            j += 1
        if j == digits_start or j >= n or text[j] != ";" or j - digits_start > 7:
            return None
        code = int(text[digits_start:j], base)
        if code == 0 or code > _MAX_CODE_POINT or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code), j + 1
    while j < n and text[j].isascii() and text[j].isalpha():
        j += 1
    name = text[i + 1 : j]
    if name not in _NAMED_ENTITIES or j >= n or text[j] != ";":
        return None
    return _NAMED_ENTITIES[name], j + 1


@dataclass
class _OpenTag:
    """A start tag waiting for its end tag."""

    name: str
    argument: str
    offset: int
    expandable: bool


class _Parser:
    """One pass over the text, building plain text and entities."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def error(self, message: str) -> EntityParseError:
        """Build an error with Telegram's wording."""
        return EntityParseError(message)

    def unescaped(self, i: int) -> EntityParseError:
        """The strict error for a "&" that does not start a character reference."""
        return self.error(
            f'Unescaped "&" at byte offset {self.at(i)}: write it as "&amp;" '
            "(the test double is stricter than Telegram here)"
        )

    def at(self, index: int) -> int:
        """UTF-8 byte offset of an index in the source text."""
        return _byte_offset(self.text, index)

    def emit(self, chars: str) -> None:
        """Append plain text."""
        self.out.append(chars)
        self.utf16 += utf16_len(chars)

    def entity(self, i: int) -> int:
        """Decode a character reference or fail strictly; returns the next index."""
        decoded = _decode_entity(self.text, i)
        if decoded is None:
            raise self.unescaped(i)
        chars, nxt = decoded
        self.emit(chars)
        return nxt

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        """Parse the whole text."""
        text, n, i = self.text, len(self.text), 0
        while i < n:
            c = text[i]
            if c == "&":
                i = self.entity(i)
            elif c != "<":
                self.emit(c)
                i += 1
            elif i + 1 < n and text[i + 1] == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise self.error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def skip_spaces(self, j: int) -> int:
        """Index of the next non-space character."""
        while j < len(self.text) and self.text[j] in _SPACES:
            j += 1
        return j

    def start_tag(self, begin: int) -> int:
        """Parse a start tag at text[begin] == "<"; returns the index after it."""
        text, n = self.text, len(self.text)
        j = begin + 1
        while j < n and text[j] not in _SPACES and text[j] != ">":
            j += 1
        if j >= n:
            raise self.error(f"Unclosed start tag at byte offset {self.at(begin)}")
        name = text[begin + 1 : j].lower()
        if name not in _SUPPORTED_TAGS:
            raise self.error(f'Unsupported start tag "{name}" at byte offset {self.at(begin)}')
        argument, expandable = "", False
        while True:
            j = self.skip_spaces(j)
            if j >= n:
                raise self.error(f"Unclosed start tag at byte offset {self.at(begin)}")
            if text[j] == ">":
                j += 1
                break
            attr_start = j
            while j < n and text[j] not in _SPACES and text[j] not in "=>":
                j += 1
            attribute = text[attr_start:j].lower()
            j = self.skip_spaces(j)
            if j >= n or text[j] != "=":
                if name == "blockquote" and attribute == "expandable":
                    expandable = True
                    continue
                raise self.error(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{name}" at byte offset {self.at(begin)}'
                )
            j = self.skip_spaces(j + 1)
            if j >= n:
                raise self.error(f'Unclosed start tag "{name}" at byte offset {self.at(begin)}')
            value, j = self.attribute_value(j, begin)
            if name == "a" and attribute == "href":
                argument = value
            elif name == "code" and attribute == "class" and value.startswith("language-"):
                argument = value.removeprefix("language-")
            elif name == "span" and attribute == "class" and value.startswith("tg-"):
                argument = value.removeprefix("tg-")
            elif name == "tg-emoji" and attribute == "emoji-id":
                argument = value
        if name == "span" and argument != "spoiler":
            raise self.error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.at(begin)}'
            )
        if name == "tg-emoji" and not argument.isdigit():
            raise self.error("Invalid custom emoji identifier specified")
        self.stack.append(_OpenTag(name, argument, self.utf16, expandable))
        return j

    def attribute_value(self, j: int, begin: int) -> tuple[str, int]:
        """Parse a quoted string or a name token; returns (value, next index)."""
        text, n = self.text, len(self.text)
        if text[j] in "'\"":
            quote = text[j]
            j += 1
            chars: list[str] = []
            while j < n and text[j] != quote:
                if text[j] == "&":
                    decoded = _decode_entity(text, j)
                    if decoded is None:
                        raise self.unescaped(j)
                    chars.append(decoded[0])
                    j = decoded[1]
                else:
                    chars.append(text[j])
                    j += 1
            if j >= n:
                raise self.error(f"Unclosed start tag at byte offset {self.at(begin)}")
            return "".join(chars), j + 1
        token_start = j
        while j < n and text[j].isascii() and (text[j].isalnum() or text[j] in ".-"):
            j += 1
        if j >= n or (text[j] not in _SPACES and text[j] != ">"):
            raise self.error(f"Unexpected end of name token at byte offset {self.at(token_start)}")
        return text[token_start:j].lower(), j

    def end_tag(self, begin: int) -> int:
        """Parse an end tag at text[begin:begin+2] == "</"; returns the index after it."""
        text, n = self.text, len(self.text)
        if not self.stack:
            raise self.error(f"Unexpected end tag at byte offset {self.at(begin)}")
        j = begin + 2
        while j < n and text[j] not in _SPACES and text[j] != ">":
            j += 1
        end_name = text[begin + 2 : j].lower()
        j = self.skip_spaces(j)
        if j >= n or text[j] != ">":
            raise self.error(f"Unclosed end tag at byte offset {self.at(begin)}")
        tag = self.stack.pop()
        if end_name and end_name != tag.name:
            raise self.error(
                f"Unmatched end tag at byte offset {self.at(begin)}, "
                f'expected "</{tag.name}>", found "</{end_name}>"'
            )
        self.close(tag)
        return j + 1

    def close(self, tag: _OpenTag) -> None:
        """Turn a closed tag into a message entity."""
        length = self.utf16 - tag.offset
        if length <= 0:
            return
        entity: dict[str, Any] = {"offset": tag.offset, "length": length}
        if tag.name == "a":
            if not tag.argument:
                return
            entity.update(type="text_link", url=tag.argument)
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.expandable else "blockquote"
        elif tag.name == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
        elif tag.name == "code":
            entity["type"] = "code"
            if tag.argument and self.stack and self.stack[-1].name == "pre":
                entity["language"] = tag.argument  # merged into the <pre> when that closes
        else:
            entity["type"] = _ENTITY_TYPES[tag.name]
        if tag.name == "pre":
            inner = self.entities[-1] if self.entities else None
            if (
                inner is not None
                and inner["type"] == "code"
                and (inner["offset"], inner["length"]) == (tag.offset, length)
            ):
                self.entities.pop()
                if "language" in inner:
                    entity["language"] = inner["language"]
            for other in self.entities:
                if other["type"] == "code":
                    other.pop("language", None)
        self.entities.append(entity)


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities with UTF-16 offsets); raises on bad HTML."""
    return _Parser(text).run()
