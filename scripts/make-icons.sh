#!/usr/bin/env bash
# Renders the app icon from its one source, assets/icons/steerling.svg, into what each platform
# reads: PNGs 16-1024 px (Linux hicolor, the window, the README), steerling.ico (Windows) and
# steerling.icns (macOS). The outputs are committed; run this after changing the SVG.
# Needs Debian's librsvg2-bin (rsvg-convert), icoutils (icotool) and icnsutils (png2icns).
set -euo pipefail
cd "$(dirname "$0")/../assets/icons"

for tool in rsvg-convert icotool png2icns; do
  command -v "$tool" >/dev/null || { echo "make-icons: $tool is missing (apt-get install librsvg2-bin icoutils icnsutils)" >&2; exit 1; }
done

rm -rf png && mkdir png
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" steerling.svg --output "png/${size}x${size}.png"
done
cp png/512x512.png steerling.png

# Windows reads the small sizes from the .ico for title bars and lists, 256 for large views.
icotool --create --output steerling.ico png/16x16.png png/24x24.png png/32x32.png png/48x48.png png/64x64.png png/128x128.png --raw=png/256x256.png
# png2icns knows the classic icns sizes (16, 32, 48, 128, 256, 512, 1024 where supported).
png2icns steerling.icns png/16x16.png png/32x32.png png/48x48.png png/128x128.png png/256x256.png png/512x512.png png/1024x1024.png >/dev/null
echo "make-icons: wrote $(ls png | wc -l) PNGs, steerling.ico and steerling.icns in assets/icons"
