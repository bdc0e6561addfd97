#!/usr/bin/env bash
# Regenerates the audio fixtures (Debian's ffmpeg): 3-second 440 Hz sine tones with tags, small on purpose.
# The committed files are what the tests use; rerunning this may change bytes (encoder versions), not durations.
set -euo pipefail
cd "$(dirname "$0")"
tags=(-metadata title="Fixture Tone" -metadata artist="Encore Tests" -metadata album="Fixtures")
tone=(-f lavfi -i "sine=frequency=440:sample_rate=44100:duration=3" -ac 2)
ffmpeg -y -loglevel error "${tone[@]}" -c:a libmp3lame -b:a 64k "${tags[@]}" tone.mp3
ffmpeg -y -loglevel error "${tone[@]}" -c:a libmp3lame -q:a 6 -write_xing 1 -id3v2_version 0 tone-vbr-noid3.mp3
ffmpeg -y -loglevel error "${tone[@]}" -c:a flac "${tags[@]}" tone.flac
ffmpeg -y -loglevel error "${tone[@]}" -c:a libvorbis -q:a 0 "${tags[@]}" tone.ogg
ffmpeg -y -loglevel error "${tone[@]}" -c:a libopus -b:a 32k "${tags[@]}" tone.opus
ffmpeg -y -loglevel error -f lavfi -i "sine=frequency=440:sample_rate=8000:duration=3" -ac 1 -c:a pcm_s16le tone.wav
ffmpeg -y -loglevel error "${tone[@]}" -c:a aac -b:a 48k "${tags[@]}" tone.m4a
