# Writes tokenizer_cases.json: ids from HF `tokenizers` (Python) built from the
# GGUF vocab and merges with SmolLM2's pre-tokenizer (Digits(individual) then
# ByteLevel), an independent implementation to check ours against.
# Run: python3 tokenizer_cases.py > tokenizer_cases.json
import json, os
from gguf import GGUFReader
from tokenizers import Tokenizer, models, pre_tokenizers, decoders, AddedToken
r = GGUFReader(os.path.expanduser(os.environ.get('TILEKIT_MODEL_DIR', '~/.cache/tilekit/models')) + '/SmolLM2-135M-Instruct.Q4_1.gguf')
toks = r.fields['tokenizer.ggml.tokens'].contents()
merges = r.fields['tokenizer.ggml.merges'].contents()
vocab = {t:i for i,t in enumerate(toks)}
bpe = models.BPE(vocab=vocab, merges=[tuple(m.split(' ',1)) for m in merges])
tk = Tokenizer(bpe)
tk.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
tk.decoder = decoders.ByteLevel()
tk.add_special_tokens([AddedToken(toks[i], special=True, normalized=False) for i in range(17)])
cases = [
 "Hello world",
 "The history of the printing press begins",
 "hello   world",
 "  leading spaces",
 "trailing spaces   ",
 "tabs\tand\nnewlines\n\n\nend",
 "\n",
 "1234567890",
 "pi = 3.14159, e = 2.71828",
 "The year 2024 had 366 days.",
 "I'm sure you'll see they've done it, haven't they? He'd've",
 "ALL CAPS 'S 'T",
 "def f(x):\n    return x**2 + 1  # square\n",
 "fn main() { println!(\"{}\", 1 + 2); }",
 "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}",
 "héllo wörld, ça va? Größe",
 "日本語のテキストです。",
 "Привет, мир!",
 "emoji 🎉🚀 and 👩‍💻",
 "مرحبا بالعالم",
 "mixed\u00a0nbsp\u2003em space",
 "½ ¾ Ⅻ ٣ numbers",
 "a  b   c    d",
 "!!!???...,,,",
 "<|im_start|>user\nHi<|im_end|>",
 "",
 " ",
 "   ",
]
out = []
for c in cases:
    ids = tk.encode(c, add_special_tokens=False).ids
    out.append((c, ids))
print(json.dumps(out, ensure_ascii=False))
