"""One long WAV for the memory target of docs/benchmarks.md ("A 30-minute recording in a 1 GB heap").

    python3 long_recording.py SHARED_DATA OUT.wav [MINUTES]

Writes the public recordings (16 kHz mono 16-bit PCM) end to end, in metadata.csv order, until
MINUTES (default 30) are written; the standard library only.
"""

import csv
import sys
import wave

RATE = 16000


def main(shared: str, out: str, minutes: float) -> None:
    target = int(minutes * 60 * RATE)
    written = 0
    with wave.open(out, "wb") as w, open(f"{shared}/public/metadata.csv", newline="") as metadata:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        for row in csv.DictReader(metadata):
            with wave.open(f"{shared}/public/{row['path']}") as r:
                if (r.getnchannels(), r.getsampwidth(), r.getframerate()) != (1, 2, RATE):
                    sys.exit(f"{row['path']}: not 16 kHz mono 16-bit")
                frames = r.readframes(min(r.getnframes(), target - written))
            w.writeframes(frames)
            written += len(frames) // 2
            if written >= target:
                break
    if written < target:
        sys.exit(f"only {written / RATE:.1f} s of public recordings, {target / RATE:.1f} s asked")
    print(f"{out}: {written / RATE:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) == 4 else 30)
