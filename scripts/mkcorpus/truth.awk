# truth.awk: the structure facts of the text a generator lays out (council,
# meeting date, cases and their roles, proposed decisions and decisions), for
# the truth files of the layout families (tests/data/layouts/*/truth-*.tsv).
# Loaded together with word.awk, slides.awk and case.awk (awk -f truth.awk
# -f word.awk ...); the facts come from the generator's own source text and
# its variables, never from the rendered output.
#
# Spans (word.awk, slides.awk): tr_open() starts a case block in the page
# description ("@truth C ..."), tr_close() ends it and writes its D row
# (role case or minutes: the text after "Forslag til vedtak"/"Innstilling"
# and after "Vedtak", as captured by tr_watch() from the description lines).
# Mentions: "sak 22/20" (also "saken", "sak nr.") inside running text; the
# council is the one named in the same sentence (else the paper's), the
# meeting date the date written in the sentence (else "-").

function tr_month(m,    i) {
  split("januar februar mars april mai juni juli august september oktober november desember", tr_mn, " ")
  for (i = 1; i <= 12; i++) if (tr_mn[i] == tolower(m)) return i
  return 0
}

# The first date written in S ("26. august 2020", "26.08.2020") as
# YYYY-MM-DD, "" if none.
function tr_date(s,    d, m, y, t) {
  if (match(s, /[0-9][0-9]?\. ?(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember) [12][0-9][0-9][0-9]/)) {
    t = substr(s, RSTART, RLENGTH)
    d = t; sub(/\..*/, "", d)
    m = t; sub(/^[0-9]+\. ?/, "", m); sub(/ .*/, "", m)
    y = substr(t, length(t) - 3)
    return sprintf("%s-%02d-%02d", y, tr_month(m), d)
  }
  if (match(s, /(^|[^0-9])[0-3]?[0-9]\.[01]?[0-9]\.[12][0-9][0-9][0-9]/)) {
    t = substr(s, RSTART, RLENGTH); sub(/^[^0-9]/, "", t)
    split(t, tr_tmp, ".")
    return sprintf("%s-%02d-%02d", tr_tmp[3], tr_tmp[2], tr_tmp[1])
  }
  return ""
}

# Text as a reader sees it: inline markup gone, whitespace collapsed.
function tr_text(s,    t) {
  gsub(/\*\*/, "", s)
  while (match(s, /\[[^\]]*\]\([^)]*\)/)) {
    t = substr(s, RSTART + 1, RLENGTH); sub(/\]\(.*/, "", t)
    s = substr(s, 1, RSTART - 1) t substr(s, RSTART + RLENGTH)
  }
  gsub(/[ \t\r\n]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s)
  return s
}

# The canonical council (indexer/data/bodies.tsv column 1) named in S, "" if none.
function tr_body_of(s,    w) {
  w = " " s " "; gsub(/[^[:alnum:]æøåÆØÅ-]+/, " ", w)
  if (w ~ / (NUIT|Prioriteringsutvalget|[Nn]asjonalt utvalg for I[KC]?T-prioritering(er)?) /) return "NUIT"
  if (w ~ / (NUFA|Fagutvalget|[Nn]asjonalt fagutvalg) /) return "NUFA"
  if (w ~ / (NEHS|[Nn]asjonal(t)? e-helsestyret?|e-helsestyret) /) return "Nasjonalt e-helsestyre"
  if (w ~ / ([Nn]asjonal(t)? e-helserådet?|e-helserådet) /) return "Nasjonalt e-helseråd"
  return ""
}

# Mentions in TEXT: sets tr_nm and tr_mb[k], tr_mc[k], tr_md[k] (council,
# case, meeting date) for k = 1..tr_nm.  DEFBODY: the paper's council.
function tr_mentions(text, defbody,    rest, off, pos, c, a, e, sent, b, dt, ms, ml) {
  tr_nm = 0; rest = text; off = 0
  while (match(rest, /(^|[^[:alpha:]])[Ss]ak(en)?( nr\.?)? [0-9][0-9]?[0-9]?\/[0-9][0-9]([^0-9\/]|$)/)) {
    ms = RSTART; ml = RLENGTH
    c = substr(rest, ms, ml)
    pos = off + ms
    sub(/^[^0-9]*/, "", c); sub(/[^0-9]$/, "", c)
    # the sentence around it: a sentence ends at . ! ? before a capital
    a = pos; while (a > 1 && !(substr(text, a - 2, 3) ~ /^[.!?] [A-ZÆØÅ]$/)) a--
    e = pos; while (e <= length(text) && !(substr(text, e, 3) ~ /^[.!?] [A-ZÆØÅ]$/)) e++
    sent = substr(text, a, e - a + 1)
    b = tr_body_of(sent); if (b == "") b = defbody
    dt = tr_date(sent); if (dt == "") dt = "-"
    tr_nm++; tr_mb[tr_nm] = b; tr_mc[tr_nm] = c; tr_md[tr_nm] = dt
    off += ms + ml - 1
    rest = substr(rest, ms + ml)
  }
  return tr_nm
}

# ---- a council left unnamed ----
# tr_own(BODY) sets the names of council BODY; tr_anon(T) then replaces them
# in T by "utvalget" / "styret" ("Utvalget" at the start of a sentence), in
# compounds ("NUFA-møtet", "NUFA møtet") by "utvalgs" / "styre" + the word.
function tr_own(b) {
  tr_ownre = ""
  if (b == "NUIT") { tr_ownre = "(NUIT|Prioriteringsutvalget)"; tr_ownword = "utvalget"; tr_ownpre = "utvalgs" }
  else if (b == "NUFA") { tr_ownre = "(NUFA|Fagutvalget|[Nn]asjonalt fagutvalg)"; tr_ownword = "utvalget"; tr_ownpre = "utvalgs" }
  else if (b == "Nasjonalt e-helsestyre") { tr_ownre = "([Nn]asjonalt e-helsestyret?|NEHS|e-helsestyret)"; tr_ownword = "styret"; tr_ownpre = "styre" }
}

function tr_anon(t,    out, w, prev, nx, r) {
  if (tr_ownre == "") return t
  out = ""
  while (match(t, tr_ownre)) {
    out = out substr(t, 1, RSTART - 1); w = substr(t, RSTART, RLENGTH); t = substr(t, RSTART + RLENGTH)
    prev = substr(out, length(out), 1); nx = substr(t, 1, 1)
    if (prev ~ /[[:alnum:]]/ || nx ~ /[[:alnum:]]/) { out = out w; continue }
    if (nx == "-" && substr(t, 2, 1) ~ /[a-zæøå]/) { r = tr_ownpre; t = substr(t, 2) }
    else if (t ~ /^ møte/) { r = tr_ownpre; t = substr(t, 2) }
    else r = tr_ownword
    if (out == "" || out ~ /[.!?:] $/) r = toupper(substr(r, 1, 1)) substr(r, 2)
    out = out r
  }
  return out t
}

# ---- decisions ----
function tr_is_label(s) { return tr_text(s) ~ /^((Justert )?[Ff]orslag til vedtak|Innstilling|Vedtak):?$/ }

# A label starts a capture: "V" decision, "P" proposal, "X" (a second plain
# proposal after one was taken: the first, or an adjusted one, stands).
function tr_label(s) {
  s = tr_text(s)
  if (s ~ /^Vedtak/) tr_cap = "V"
  else if (s ~ /^Justert/) { tr_cap = "P"; tr_prop = ""; tr_padj = 1 }
  else tr_cap = (tr_prop == "" && !tr_padj) ? "P" : "X"
}

function tr_take(s) {
  s = tr_text(s)
  if (s == "") return
  if (tr_cap == "P") tr_prop = tr_prop (tr_prop == "" ? "" : " ") s
  else if (tr_cap == "V") tr_dec = tr_dec (tr_dec == "" ? "" : " ") s
}

function tr_reset() { tr_prop = ""; tr_dec = ""; tr_cap = ""; tr_padj = 0 }
function tr_dash(s) { return s == "" ? "-" : s }

# ---- page descriptions (sk-mkcorpus @truth directives) ----
function tr_emit(s) { print "@truth " s }

function tr_open(b, c, role, date) {
  tr_close()
  tr_emit("C\t" b "\t" c "\t" role "\t" date)
  tr_sb = b; tr_sc = c; tr_sr = role
  tr_reset()
}

function tr_close() {
  if (tr_sc != "" && (tr_sr == "case" || tr_sr == "minutes"))
    tr_emit("D\t" tr_sb "\t" tr_sc "\t" tr_sr "\t" tr_dash(tr_prop) "\t" tr_dash(tr_dec))
  tr_sc = ""; tr_cap = ""
}

function tr_end() { if (tr_sc != "") { tr_close(); tr_emit("E") } }

# Mentions in the block about to be written (the block's text is TEXT).
function tr_mention_lines(text, defbody,    k) {
  tr_mentions(text, defbody)
  for (k = 1; k <= tr_nm; k++)
    if (!(tr_mc[k] == tr_sc && tr_mb[k] == tr_sb))
      tr_emit("M\t" tr_mb[k] "\t" tr_mc[k] "\t" tr_md[k] "\t" tr_mc[k])
}

# Every description line goes past here: labels start a capture, the text
# blocks after a label are the decision, anything else ends it.
function tr_watch(s,    t) {
  if (s ~ /^@truth /) return
  if (s ~ /^@h3 / && tr_is_label(substr(s, 5))) { tr_label(substr(s, 5)); return }
  if (tr_cap == "") return
  if (s ~ /^@(p|\+) /) { tr_take(substr(s, index(s, " ") + 1)); return }
  if (s ~ /^@item2? /) { t = s; sub(/^[^\t]*\t/, "", t); tr_take(t); return }
  tr_cap = ""
}
