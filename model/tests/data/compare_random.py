# Compares `cargo run -p tilekit-model --example tokenize` with HF `tokenizers`
# (built as in tokenizer_cases.py) on 3000 random strings of words, digits,
# whitespace runs, punctuation and non-Latin characters.
# Run from the repository root after building the example:
#   cargo build -p tilekit-model --example tokenize && python3 model/tests/data/compare_random.py
import json, os, random, subprocess
here = os.path.dirname(os.path.abspath(__file__))
exec(open(os.path.join(here, 'tokenizer_cases.py')).read().split('cases = [')[0])
random.seed(7)
alphabet = list("abcXYZ  \t\n\r'sStmdlrve0123456789.,;:!?()[]{}<>=+-*/\\\"#_") + list("éüßçñ日本語中文한국어Привет١٢٣½Ⅻ²🎉👩‍💻\u00a0\u2003\u200b\u3000\u0301\u0085") 
words = ["the", " the", "don't", "I'll", "they've", "hello", "  ", "   ", "\n\n", "    return", "2024", "3.14", "x_1", "fn", "def", "λ", "naïve"]
cases = []
for i in range(3000):
    n = random.randint(0, 30)
    s = "".join(random.choice(words) if random.random() < 0.3 else random.choice(alphabet) for _ in range(n))
    cases.append(s)
inp = "\n".join(json.dumps(c) for c in cases) + "\n"
out = subprocess.run(['target/debug/examples/tokenize'], input=inp.encode(), capture_output=True, check=True).stdout.decode().splitlines()
bad = 0
for c, o in zip(cases, out):
    ref = tk.encode(c, add_special_tokens=False).ids
    if json.loads(o) != ref:
        bad += 1
        if bad <= 5: print(repr(c), json.loads(o), ref)
print(len(cases), "cases,", bad, "differ")
