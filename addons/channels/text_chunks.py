"""Split a bot reply into pieces a chat platform accepts, on line boundaries.

Why: Telegram refuses messages over 4096 characters and a Slack section block holds
at most 3000; cutting mid-line would break "- " bullet lists and sentences. A single
line longer than the limit (rare) is cut at a space, or hard if it has none.
"""

from typing import Callable, List

Measure = Callable[[str], int]


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units); never less than len(text)."""
    return len(text.encode("utf-16-le")) // 2


def _cut_line(line: str, limit: int, measure: Measure) -> List[str]:
    pieces = []
    while measure(line) > limit:
        used = end = 0
        for char in line:  # the longest prefix that fits
            if used + measure(char) > limit:
                break
            used += measure(char)
            end += 1
        space = line.rfind(" ", 0, end)
        cut = space if space > 0 else max(end, 1)
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


def split_lines(text: str, limit: int, measure: Measure = len) -> List[str]:
    """Chunks of `text`, each at most `limit` by `measure`; blank chunks are dropped."""
    chunks: List[str] = []
    current: List[str] = []
    size = 0
    for line in text.strip().split("\n"):
        for piece in _cut_line(line, limit, measure):
            added = measure(piece) + (1 if current else 0)  # +1 for the joining "\n"
            if current and size + added > limit:
                chunks.append("\n".join(current))
                current, size = [], 0
                added = measure(piece)
            current.append(piece)
            size += added
    if current:
        chunks.append("\n".join(current))
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]
