"""The demo's pictures: drawn, not shipped. A photo in data/shared.json names two colours and
a label; this turns them into a JPEG the media library takes like any upload."""

import io
from pathlib import Path

from anyascii import anyascii
from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def demo_image(colors: tuple[str, str], label: str, size=(1200, 675)) -> bytes:
    """A JPEG drawn with Pillow: a diagonal two-colour gradient with a label."""
    top, bottom = (Image.new("RGB", size, color) for color in colors)
    mask = Image.linear_gradient("L").resize(size).rotate(20, expand=False)
    image = Image.composite(bottom, top, mask)
    draw = ImageDraw.Draw(image)
    font_path = next((path for path in FONT_CANDIDATES if Path(path).exists()), None)
    if font_path:
        font = ImageFont.truetype(font_path, 72)
    else:  # Pillow's built-in font covers Latin only
        font, label = ImageFont.load_default(size=72), anyascii(label)
    draw.text((60, size[1] - 150), label, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()
