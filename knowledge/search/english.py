"""English words for administrative matters, read as their Vietnamese catalogue words.

Foreign residents, Việt kiều and young people write "làm birth certificate cho baby" or
"where do I renew my passport". The dense model reads English, but the lexical side
(diacritic-folded Vietnamese) would see unknown words; this glossary rewrites known
English phrases in a folded query into folded Vietnamese, longest phrase first.
"""
from __future__ import annotations

import re

# English phrase (lower case) -> Vietnamese words (folded: no diacritics)
GLOSSARY = {
    "birth certificate": "giay khai sinh", "birth registration": "dang ky khai sinh", "register birth": "dang ky khai sinh",
    "death certificate": "giay chung tu khai tu", "death registration": "dang ky khai tu",
    "marriage certificate": "giay chung nhan ket hon", "marriage registration": "dang ky ket hon",
    "register marriage": "dang ky ket hon", "get married": "dang ky ket hon", "marry": "ket hon", "married": "ket hon",
    "single status": "xac nhan tinh trang hon nhan", "marital status": "tinh trang hon nhan", "divorce": "ly hon",
    "adoption": "nuoi con nuoi", "adopt": "nuoi con nuoi", "guardianship": "giam ho", "change name": "thay doi ho ten",
    "name change": "thay doi ho ten", "nationality": "quoc tich", "citizenship": "quoc tich",
    "id card": "the can cuoc", "identity card": "the can cuoc", "citizen id": "can cuoc cong dan",
    "national id": "can cuoc", "electronic id": "dinh danh dien tu",
    "passport": "ho chieu", "visa": "thi thuc", "e visa": "thi thuc dien tu", "evisa": "thi thuc dien tu",
    "temporary residence card": "the tam tru", "permanent residence card": "the thuong tru",
    "temporary residence": "tam tru", "permanent residence": "thuong tru", "residence": "cu tru",
    "stay": "tam tru", "extend": "gia han", "extension": "gia han", "renew": "cap doi", "renewal": "cap doi",
    "replace": "cap lai", "replacement": "cap lai", "lost": "mat", "reissue": "cap lai", "re issue": "cap lai",
    "criminal record": "ly lich tu phap", "police check": "ly lich tu phap", "background check": "ly lich tu phap",
    "driving license": "giay phep lai xe", "driving licence": "giay phep lai xe", "driver license": "giay phep lai xe",
    "driver s license": "giay phep lai xe", "international driving permit": "giay phep lai xe quoc te",
    "motorbike": "xe may", "motorcycle": "xe may", "car": "o to", "vehicle registration": "dang ky xe",
    "number plate": "bien so xe", "license plate": "bien so xe", "boat": "tau thuyen",
    "land certificate": "giay chung nhan quyen su dung dat", "land title": "giay chung nhan quyen su dung dat",
    "red book": "so do", "pink book": "so hong", "land": "dat", "house": "nha o",
    "building permit": "giay phep xay dung", "construction permit": "giay phep xay dung",
    "mortgage": "the chap", "inheritance": "thua ke", "inherit": "thua ke",
    "business registration": "dang ky kinh doanh", "business license": "giay phep kinh doanh",
    "household business": "ho kinh doanh", "open a shop": "dang ky ho kinh doanh", "company": "cong ty",
    "set up a company": "thanh lap doanh nghiep", "start a company": "thanh lap doanh nghiep",
    "branch": "chi nhanh", "dissolve": "giai the", "dissolution": "giai the",
    "tax code": "ma so thue", "tax id": "ma so thue", "tax return": "khai thue", "tax refund": "hoan thue",
    "personal income tax": "thue thu nhap ca nhan", "income tax": "thue thu nhap", "invoice": "hoa don",
    "e invoice": "hoa don dien tu", "customs": "hai quan", "declaration": "to khai", "import": "nhap khau",
    "export": "xuat khau", "luggage": "hanh ly", "baggage": "hanh ly",
    "notarize": "chung thuc", "notarise": "chung thuc", "notarized": "chung thuc", "certified copy": "chung thuc ban sao",
    "certify": "chung thuc", "certification": "chung thuc", "translation": "ban dich", "translator": "nguoi dich",
    "social insurance": "bao hiem xa hoi", "health insurance": "bao hiem y te", "maternity": "thai san",
    "sick leave": "om dau", "pension": "luong huu", "work accident": "tai nan lao dong",
    "fire safety": "phong chay chua chay", "fire prevention": "phong chay chua chay",
    "environmental permit": "giay phep moi truong", "environmental impact assessment": "danh gia tac dong moi truong",
    "legal aid": "tro giup phap ly", "lawyer": "luat su", "court": "toa an", "lawsuit": "khoi kien",
    "judgment": "ban an", "complaint": "khieu nai", "denounce": "to cao",
    "social housing": "nha o xa hoi", "fishing": "khai thac thuy san", "fishing boat": "tau ca",
    "veterinary": "thu y", "quarantine": "kiem dich", "well": "gieng",
    "register": "dang ky", "registration": "dang ky", "certificate": "giay chung nhan", "permit": "giay phep",
    "license": "giay phep", "licence": "giay phep",
    "birth": "khai sinh", "born": "khai sinh", "death": "khai tu", "died": "khai tu", "wedding": "ket hon",
    "baby": "tre em", "child": "tre em", "kid": "tre em", "foreigner": "nguoi nuoc ngoai", "foreign": "nuoc ngoai",
}
# English function words: dropped, so they do not count as unexplained words of the query.
# These never spell a folded Vietnamese word that matters in a procedure name.
STOP_WORDS = frozenset(
    "what how where when which why need needs with for of is are was get got want wants should this that these "
    "you your please we he she his her they their there have has had and from about much many does did would "
    "could will into some any im i m s t just also like".split()
)
# ...and these only in a message that is clearly English: folded, they are also Vietnamese words
# ("do" is đỏ, "the" is thẻ, "can" is căn, "my" is Mỹ, "be" is bé).
AMBIGUOUS_STOP_WORDS = frozenset("do to my the can me an in it be am on at or a i".split())
# ...and the aspect words of an English question (the NLU reads the aspect, not the search)
ASPECT_WORDS = frozenset("documents document papers free cost costs fee fees long take takes apply submit "
                         "online procedure process steps status".split())
ENGLISH_MARKERS = frozenset("what how where when which need with for is are please you your does should".split())
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(GLOSSARY, key=len, reverse=True)) + r")\b")


def translate_folded(folded: str) -> str:
    """Replace known English phrases in folded text by their Vietnamese words, dropping
    English function words."""
    words = folded.split()
    english = any(w in ENGLISH_MARKERS for w in words)
    dropped = STOP_WORDS | AMBIGUOUS_STOP_WORDS | ASPECT_WORDS if english else STOP_WORDS
    # glossary first (its phrases may contain function words), then drop what is left over
    parts = _PATTERN.split(folded)  # odd items are glossary phrases
    out = []
    for i, part in enumerate(parts):
        out.extend(GLOSSARY[part].split() if i % 2 else [w for w in part.split() if w not in dropped])
    return " ".join(out)
