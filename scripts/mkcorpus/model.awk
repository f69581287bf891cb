# model.awk: an extracted meeting-paper text (a seed) -> meeting model.
#
# Usage: awk -v seed=NNN -v kind=deck|bundle -v body=... -v bodylong=...
#            -v date=YYYY-MM-DD -v number=N/YY -v place=... -v time=...
#            -f model.awk model-notes.tsv SEED.txt > X.model
#
# The model is what the layout generators (office.awk, memo.awk) render and
# write their truth from.  One record per line, TAB-separated, first field
# the key; order = order in the paper:
#   paper KIND  body/bodylong/date/number/place/time VALUE  member NAME
#   agenda NO TITLE TIME TYPE PRESENTER     (NO "-" for a pause)
#   case NO ROLE DATE                        (ROLE case | minutes)
#     title/type/presenter/officer VALUE     ("-": not stated)
#     h TEXT | p TEXT | li TEXT              body: heading, paragraph, item
#     mention NO BODY DATE                   the p before quotes case NO
#     prop TEXT | dec TEXT                   proposed / adopted decision
#   end
#   meeting minutes BODY DATE NUMBER PLACE TIME   an earlier meeting's
#     agenda ... case NO minutes DATE ... end       minutes inside the paper
#   endmeeting
#
# kind=deck: slide decks (an agenda table with TABs, "Sak N/YY" slides,
# "Forslag til vedtak" slides).  kind=bundle: word-processor meeting papers
# (agenda as wrapped text, a summary table, minutes of an earlier meeting
# with "Vedtak:", per-case memos with a memo form "Til/Dato/Saksnummer/Type/
# Fra/Saksbehandler").  What the reader cannot see in the text comes from
# model-notes.tsv (first input): SEED<TAB>CASE<TAB>KEY<TAB>VALUE...
#   KEY mention: VALUE = sentence, quoted case, its body, its meeting date;
#                the sentence is added as a paragraph to CASE's body
#   KEY officer/presenter/type: overrides the value read from the text
# Every "sak N/YY" in the body text must be the case itself or a declared
# mention: the reader fails otherwise (a quoted case without a truth row).
# Deterministic; mawk/POSIX awk.

function trim(s) { sub(/^[ \t\r]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function die(m) { print "model.awk: seed " seed ": " m > "/dev/stderr"; failed = 1; exit 1 }

# Text clean-up: markup left by the extraction, runs of spaces.
function clean(s) {
  gsub(/<[^>]*>/, " ", s)
  gsub(/\*\*/, "", s); gsub(/\*/, "", s)
  gsub(/\^\{[^}]*\}/, "", s)
  gsub(/\]\([^)]*\)/, "", s); gsub(/\[/, "", s); gsub(/✓ /, "", s)
  gsub(/[\t ]+/, " ", s)
  return trim(s)
}

# Join line t to paragraph p: "e-" + "helse" without a space.
function join(p, t) {
  if (p == "") return t
  if (p ~ /[A-Za-zæøåÆØÅ]-$/ && t ~ /^[a-zæøå]/) return p t
  return p " " t
}

function is_type(w) { return w ~ /^(Godkjenning|Orientering|Drøfting|Tilslutning|Beslutning)$/ }
function is_item(s) {
  return s ~ /^(•|o|-|▪|[0-9][0-9]?\.) / && s !~ /^[0-9]+\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)/
}
function item_text(s) { sub(/^[^ ]+ +/, "", s); return s }

function emit(k, v) { out[++nout] = k "\t" v }

# ---- agenda rows --------------------------------------------------------
# Store agenda row r of list `which` (main | min).
function add_row(which, no, title, tm, ty, pr,    r) {
  r = ++nrow[which]
  rno[which, r] = no; rtitle[which, r] = title; rtime[which, r] = tm
  rtype[which, r] = ty; rpres[which, r] = pr
  if (no != "-") rowof[which, no] = r
}

# Deck agenda: TAB table, header row names the columns.
function deck_agenda(    i, j, c, nc, hd, f, nf, no, ti, ty, pr, tm) {
  for (i = 1; i <= n; i++) if (L[i] ~ /\t/ && L[i] ~ /(Emne|Tittel)/) break
  if (i > n) die("no agenda table")
  nc = split(L[i], hd, "\t")
  for (c = 1; c <= nc; c++) {
    hd[c] = trim(hd[c])
    if (hd[c] ~ /^(Emne|Tittel)$/) ct = c
    if (hd[c] ~ /^Innretning$/) cy = c
    if (hd[c] ~ /^(Presenterer saken|Legges frem av)$/) cp = c
    if (hd[c] ~ /^Start$/) cs = c
  }
  for (j = i + 1; j <= n && trim(L[j]) != ""; j++) {
    nf = split(L[j], f, "\t")
    no = trim(f[1]); ti = clean(f[ct]); ty = trim(f[cy]); pr = clean(f[cp]); tm = trim(f[cs])
    if (ti == "Slutt") continue
    sub(/ Direktoratet for e-helse$/, ", Direktoratet for e-helse", pr)
    add_row("main", no == "" ? "-" : no, ti, tm == "" ? "-" : tm, ty == "" ? "-" : ty, pr == "" ? "-" : pr)
  }
  return j
}

# Bundle agenda: rows "NN/YY title [HH:MM] [type]" wrapped over lines,
# from line a to line b (exclusive).
function text_agenda(which, a, b,    j, s, r, k, no, tm, ty, w, nw) {
  r = 0
  for (j = a; j < b; j++) {
    s = trim(L[j])
    if (s == "" || s ~ /^https?:/) continue
    if (s ~ /^[0-9]+\/[0-9][0-9] / || s ~ /^Pause( |$)/) row[++r] = s
    else if (r > 0 && s !~ /^Sak /) row[r] = row[r] " " s
  }
  for (k = 1; k <= r; k++) {
    s = clean(row[k]); no = "-"; tm = "-"; ty = "-"
    if (s ~ /^[0-9]+\/[0-9][0-9] /) { no = s; sub(/ .*/, "", no); sub(/^[^ ]+ /, "", s) }
    if (match(s, /[0-9][0-9][:.][0-9][0-9]/)) {
      tm = substr(s, RSTART, RLENGTH); sub(/\./, ":", tm)
      s = trim(substr(s, 1, RSTART - 1)) " " trim(substr(s, RSTART + RLENGTH))
    }
    s = trim(s); nw = split(s, w, " ")
    if (nw > 1 && is_type(w[nw])) { ty = w[nw]; sub(/ [^ ]+$/, "", s) }
    add_row(which, no, s, tm, ty, "-")
  }
  delete row
}

# ---- paragraphs ---------------------------------------------------------
# Blocks of lines a..b-1 (bundle text): paragraphs are runs of non-blank
# lines; a line of WRAP bytes or more was wrapped, so it also continues over
# a blank line; list items start their own block.  Result: blk[1..nb], bk[]
# (p | li | h).  Lines with skip[i] set are left out.
function blocks(a, b,    i, s, last, cur, k, brk) {
  nb = 0; cur = ""; last = ""; brk = 0
  for (i = a; i < b; i++) {
    if (skip[i]) continue
    s = trim(L[i]); gsub(/\357\202\247/, "", s)
    if (s == "") { if (length(last) < WRAP) brk = 1; continue }
    if (s ~ /^https?:\/\/[^ ]+$/ || s ~ /^Notat side [0-9]+ av [0-9]+$/) continue
    # after a paragraph break, a line in lower case still continues it
    if (brk && !(cur != "" && s ~ /^[a-zæøå]/ && !is_item(s))) { if (cur != "") { blk[++nb] = cur; bk[nb] = ck }; cur = "" }
    brk = 0
    if (is_item(s)) {
      if (cur != "") { blk[++nb] = cur; bk[nb] = ck }
      cur = clean(item_text(s)); ck = "li"; last = s; continue
    }
    if (cur != "" && ck == "li" && length(last) < WRAP && s !~ /^[a-zæøå]/) { blk[++nb] = cur; bk[nb] = ck; cur = "" }
    if (cur == "") ck = "p"
    cur = join(cur, clean(s)); last = s
  }
  if (cur != "") { blk[++nb] = cur; bk[nb] = ck }
  for (k = 1; k <= nb; k++)
    if (bk[k] == "p" && length(blk[k]) < 60 && blk[k] !~ /[.,:;?!]$/ && blk[k] ~ /^[A-ZÆØÅ]/) bk[k] = "h"
}

# Emit up to max blocks (and about maxc bytes), from the first block equal to
# `from` if given.  Trailing headings are dropped.
function emit_blocks(from, max, maxc,    k, n0, used, seen) {
  k = 1
  if (from != "") { for (k = 1; k <= nb && blk[k] != from; k++) ; if (k > nb) k = 1 }
  n0 = 0; used = 0
  for (; k <= nb && n0 < max && used < maxc; k++) {
    if (blk[k] in seen) continue
    seen[blk[k]] = 1; sel[++n0] = k; used += length(blk[k])
  }
  while (n0 > 0 && (bk[sel[n0]] == "h" || blk[sel[n0]] ~ /:$/)) n0--
  for (k = 1; k <= n0; k++) emit(bk[sel[k]], blk[sel[k]])
}

# Decision text after the label at line i: paragraphs up to the first blank
# line (stopblank) or up to line b (exclusive) into dtext[1..nd].
# Returns the line after it.
function decision(i, b, stopblank,    j, s, cur, last) {
  cur = ""; last = ""; nd = 0
  for (j = i + 1; j < b; j++) {
    s = trim(L[j])
    if (s == "") {
      if (cur == "") continue
      if (stopblank) break
      if (length(last) < WRAP) { dtext[++nd] = cur; cur = "" }
      continue
    }
    if (cur != "" && length(last) < WRAP && length(last) > 0) { dtext[++nd] = cur; cur = "" }
    cur = join(cur, clean(s)); last = s
  }
  if (cur != "") dtext[++nd] = cur
  return j
}

# ---- notes and output of one case -----------------------------------------
function case_head(no, role, dt, which,    r, v) {
  r = rowof[which, no]
  emit("case", no "\t" role "\t" dt)
  emit("title", rtitle[which, r])
  v = rtype[which, r]; if ((seed, no, "type") in note) v = note[seed, no, "type"]
  emit("type", v == "" ? "-" : v)
  v = rpres[which, r]; if ((seed, no, "presenter") in note) v = note[seed, no, "presenter"]
  emit("presenter", v == "" ? "-" : v)
}

function case_officer(no, v) {
  if ((seed, no, "officer") in note) v = note[seed, no, "officer"]
  emit("officer", v == "" ? "-" : v)
}

# The declared mentions of case no: a paragraph each.
function case_mentions(no,    k, f) {
  for (k = 1; k <= nmen; k++) {
    if (men_seed[k] != seed || men_case[k] != no) continue
    split(men[k], f, "\t")
    if (f[1] == "-") { quoted[no, f[2]] = f[3] "\t" f[4]; continue }
    emit("p", f[1]); emit("mention", f[2] "\t" f[3] "\t" f[4])
  }
}

# Split "Title: - a - b" (agenda titles with a list of topics).
function split_topics(no, which,    r, t, parts, np, k) {
  r = rowof[which, no]; t = rtitle[which, r]
  if (t !~ /[:;] - /) return
  np = split(t, parts, / - /)
  t = parts[1]; sub(/[:;]$/, "", t); rtitle[which, r] = t
  for (k = 2; k <= np; k++) topic[no, ++ntopic[no]] = trim(parts[k])
}

# ---- decks ----------------------------------------------------------------
# Slide text of case k (lines a..b-1): bullets, short slide titles (kept only
# when text follows them) and sentences; repeats, graphics labels and tables
# are left out.
function deck_case(k, a, b,    no, i, s, key, seen, nc, ck, ct, lab, j, sub_t) {
  no = cno[k]
  case_head(no, "case", date, "main")
  case_officer(no, "")
  for (j = 1; j <= ntopic[no]; j++) { emit("li", topic[no, j]); seen[topic[no, j]] = 1 }
  lab = 0
  for (i = a + 1; i < b; i++) if (trim(L[i]) ~ /^[Ff]orslag til vedtak:?$/) { lab = i; break }
  if (!lab) for (i = a + 1; i < b; i++) if (trim(L[i]) ~ /^Justert forslag til vedtak:?$/) { lab = i; break }
  sub_t = 0
  if (trim(L[a]) ~ /^Sak [0-9]+\/[0-9][0-9] *$/) for (sub_t = a + 1; sub_t < b && trim(L[sub_t]) == ""; sub_t++) ;
  nc = 0
  for (i = a + 1; i < b && nc < 16; i++) {
    if (i == lab) { while (i + 1 < b && trim(L[i + 1]) == "") i++; while (i + 1 < b && trim(L[i + 1]) != "") i++; continue }
    s = clean(L[i])
    if (i == sub_t || s == "" || index(L[i], "\t") || s ~ /●|→|^Direktoratet for$|^e-helse$|^Agenda$|^Sak [0-9]+\/[0-9][0-9]/) continue
    if (s ~ /[Ff]orslag til vedtak$/ || s ~ /tar sak(en|ene) til orientering\.?$/ || length(s) < 12 || s ~ /^[a-zæøå]/) continue
    if (L[i] ~ /^ ?- / || (L[i] ~ /^ ?[0-9]+\. [[:alpha:]]/ && is_item(s))) { sub(/^-+ */, "", s); sub(/^[0-9]+\. /, "", s); ck = "li" }
    else if (length(s) < 70 && s !~ /[.!?]$/) ck = "h"
    else ck = "p"
    key = s; if (key in seen) continue
    seen[key] = 1
    if (ck == "h" && nc > 0 && ct[nc] == "h") nc--
    cand[++nc] = s; ct[nc] = ck
  }
  if (nc > 0 && ct[nc] == "h") nc--
  for (j = 1; j <= nc; j++) emit(ct[j], cand[j])
  case_mentions(no)
  if (lab) { decision(lab, b, 1); emit_dec("prop") }
  else for (i = b - 1; i > a; i--) {
    s = clean(L[i]); if (s == "" || s ~ /^(Direktoratet for|e-helse)$/) continue
    if (s ~ /tar sak(en|ene) til orientering\.?$/) emit("prop", s)
    break
  }
  emit("end", "")
}

function read_deck(    j, i, k, s, no) {
  j = deck_agenda()
  nc = 0
  for (k = 1; k <= nrow["main"]; k++) if (rno["main", k] != "-") want[++nw] = rno["main", k]
  for (i = j; i <= n && nc < nw; i++) {
    s = trim(L[i])
    if (s !~ /^Sak [0-9]+\/[0-9][0-9]/) continue
    no = s; sub(/^Sak /, "", no); sub(/[: ].*$/, "", no)
    if (no == want[nc + 1]) { cno[++nc] = no; cstart[nc] = i }
  }
  if (nc != nw) die("found " nc " of " nw " case slides")
  for (k = 1; k <= nc; k++) split_topics(cno[k], "main")
  head_rows()
  for (k = 1; k <= nc; k++) deck_case(k, cstart[k], k < nc ? cstart[k + 1] : n + 1)
}

function head_rows(    k) {
  emit("paper", kind)
  emit("body", body); emit("bodylong", bodylong); emit("date", date)
  emit("number", number); emit("place", place); emit("time", time)
  for (k = 1; k <= nmem; k++) emit("member", mem[k])
  for (k = 1; k <= nrow["main"]; k++)
    emit("agenda", rno["main", k] "\t" rtitle["main", k] "\t" rtime["main", k] "\t" rtype["main", k] "\t" rpres["main", k])
}

# ---- bundles --------------------------------------------------------------
function iso(s,    f, m, mn) {
  split("januar februar mars april mai juni juli august september oktober november desember", mn, " ")
  if (split(s, f, /[. ]+/) < 3) return "-"
  for (m = 1; m <= 12; m++) if (f[2] == mn[m]) return sprintf("%04d-%02d-%02d", f[3], m, f[1])
  return "-"
}

function find(re, a, b,    i) { for (i = a; i < b; i++) if (L[i] ~ re) return i; return 0 }

# Memo form at line t (the "Til" label): sets mno, mtype, mfra, msb and
# marks the form's lines skipped.  Returns 1 if found.
function memo_form(t, b,    j, nv, v, fv) {
  j = t + 1
  while (j < b && trim(L[j]) ~ /^(Dato|Saksnummer|Type|)$/) j++
  for (nv = 0; j < b && nv < 4; j++) { v = trim(L[j]); if (v != "") fv[++nv] = v }
  mno = fv[3]; mtype = fv[4]; mfra = ""; msb = ""
  while (j < b && trim(L[j]) == "") j++
  if (trim(L[j]) != "Fra" || trim(L[j + 1]) != "Saksbehandler") die("memo form at line " t)
  for (j += 2; j < b && trim(L[j]) == ""; j++) ;
  mfra = trim(L[j++])
  for (; j < b && trim(L[j]) != "" && L[j] !~ /^ [^ ]/; j++) msb = join(msb, trim(L[j]))
  for (; t < j; t++) skip[t] = 1
}

# Summary-table case (no memo of its own): first text paragraph and the
# "Forslag til vedtak:" under the case's row.
function summary_case(no, a, b,    i, s, cur, lab) {
  case_head(no, "case", date, "main"); case_officer(no, "")
  cur = ""
  for (i = a + 1; i < b; i++) if (L[i] ~ /^ [^ ]/ && L[i] !~ /Forslag til vedtak/) break
  for (; i < b && trim(L[i]) != "" && L[i] !~ /^Vedlegg/; i++) cur = join(cur, clean(L[i]))
  if (cur != "") emit("p", cur)
  case_mentions(no)
  lab = find("^ *Forslag til vedtak: *$", a, b)
  if (lab) { decision(lab, b, 1); emit_dec("prop") }
  emit("end", "")
}

function memo_case(k,    a, b, i, r, e) {
  a = mfirst[k]; b = mend[k]
  i = find("^Til *$", a, b)
  if (!i || trim(L[i + 1]) != "Dato") die("memo at line " a " has no memo form")
  memo_form(i, b)
  if (!(("main", mno) in rowof)) die("memo for unknown case " mno)
  r = rowof["main", mno]
  rpres["main", r] = mfra
  if (rtype["main", r] == "-") rtype["main", r] = mtype
  case_head(mno, "case", date, "main"); case_officer(mno, msb)
  e = decision(a, b, 1)
  for (i = 1; i <= nd; i++) saved[i] = dtext[i]
  nsaved = nd
  blocks(e, b); emit_blocks("Hensikt med saken", 11, 3400)
  case_mentions(mno)
  for (i = 1; i <= nsaved; i++) emit("prop", saved[i])
  emit("end", "")
  done[mno] = 1
}

function minutes(m0, m1,    a, b, i, s, k, no, st, lab, dt, pl, tm) {
  dt = "-"; pl = "-"; tm = "-"
  for (i = m0; i < m1; i++) {
    s = trim(L[i])
    if (s ~ /^Dato / && dt == "-") dt = iso(substr(s, 6))
    if (s ~ /^Sted / && pl == "-") pl = trim(substr(s, 6))
    if (s ~ /^Tid / && tm == "-") { tm = trim(substr(s, 5)); sub(/^Kl\. /, "", tm); gsub(/\./, ":", tm); gsub(/ – /, "–", tm) }
  }
  a = find("^Sak +Tema +Sakstype", m0, m1); b = find("^Sak [0-9]+\\. ", a, m1)
  if (!a || !b || dt == "-") die("minutes at line " m0 ": no agenda or date")
  text_agenda("min", a + 1, b)
  emit("meeting", "minutes\t" body "\t" dt "\t" note[seed, "-", "minutes-number"] "\t" pl "\t" tm)
  for (k = 1; k <= nrow["min"]; k++)
    emit("agenda", rno["min", k] "\t" rtitle["min", k] "\t" rtime["min", k] "\t" rtype["min", k] "\t" rpres["min", k])
  nmi = 0
  for (i = b; i < m1; i++) {
    no = trim(L[i]); sub(/ .*/, "", no)
    if (L[i] ~ /^[0-9]+\/[0-9][0-9] / && (("min", no) in rowof) && !(no in mstart)) { mstart[no] = i; mino[++nmi] = no }
  }
  for (k = 1; k <= nmi; k++) {
    no = mino[k]; st = mstart[no]; e = (k < nmi ? mstart[mino[k + 1]] : m1)
    case_head(no, "minutes", dt, "min"); case_officer(no, "")
    for (i = st + 1; i < e && L[i] !~ /^ [^ ]/; i++) ;
    lab = find("^ *Vedtak: *$", i, e)
    blocks(i, lab ? lab : e); emit_blocks("", 7, 2200)
    case_mentions(no)
    if (lab) { decision(lab, e, 0); emit_dec("dec") }
    emit("end", "")
  }
  emit("endmeeting", "")
}

function emit_dec(key,    k) { for (k = 1; k <= nd; k++) emit(key, dtext[k]) }

function read_bundle(    i, s, a, b, m0, m1, f, k, no, r, nm, ev, next_row) {
  a = find("^Medlemmer", 1, n); b = find("^Observatører", a, n)
  for (i = a; i < b; i++) {
    s = trim(L[i]); sub(/^Medlemmer */, "", s)
    if (s != "") mem[++nmem] = clean(s)
  }
  a = find("^Sak +Agenda", 1, n); b = find("^Sak +Tema +Sakstype", a, n)
  m0 = find("^ Referat fra møte i", b, n)
  if (!a || !b || !m0) die("no agenda, summary or minutes")
  text_agenda("main", a + 1, b)
  f = find("^Forslag til vedtak *$", m0, n)
  for (m1 = f - 1; m1 > m0 && L[m1] !~ /^ [^ ]/; m1--) ;
  # memos: from each "Forslag til vedtak" to the next memo's title line
  nm = 0
  for (i = m1; i <= n; i++) if (L[i] ~ /^Forslag til vedtak *$/) mfirst[++nm] = i
  for (k = 1; k <= nm; k++) {
    if (k == nm) { mend[k] = n + 1; continue }
    for (i = mfirst[k + 1] - 1; i > mfirst[k] && L[i] !~ /^ [^ ]/; i--) ;
    mend[k] = i
  }
  for (k = 1; k <= nm; k++) {
    i = find("^Til *$", mfirst[k], mend[k])
    for (s = i + 1; s < mend[k] && L[s] !~ /^ ?[0-9]+\/[0-9][0-9] *$/; s++) ;
    no = trim(L[s]); memo_of[no] = k
  }
  head_rows()
  for (r = 1; r <= nrow["main"]; r++) {
    no = rno["main", r]; if (no == "-") continue
    srow = find("^" no " ", b, m0)
    for (next_row = srow + 1; next_row < m0 && L[next_row] !~ /^[0-9]+\/[0-9][0-9] /; next_row++) ;
    if (no in memo_of) memo_case(memo_of[no])
    else summary_case(no, srow, next_row)
    if (find("^Vedlegg [0-9]+: Referat", srow, next_row)) minutes(m0, m1)
  }
}

# First input: the notes.
FNR == NR {
  if ($0 ~ /^#/ || $0 == "") next
  nf = split($0, F, "\t")
  if (F[3] == "mention") { men[++nmen] = F[4] "\t" F[5] "\t" F[6] "\t" F[7]; men_seed[nmen] = F[1]; men_case[nmen] = F[2] }
  else note[F[1], F[2], F[3]] = F[4]
  next
}
{ sub(/\r$/, ""); L[++n] = $0 }

END {
  if (failed) exit 1
  if (WRAP == "") WRAP = 78
  if (kind == "deck") read_deck()
  else if (kind == "bundle") read_bundle()
  else die("kind must be deck or bundle")
  if (failed) exit 1
  printf "# meeting model of seed %s (scripts/mkcorpus/model.awk)\n", seed
  for (k = 1; k <= nout; k++) { print out[k]; check_mentions(k) }
}

# Every "N/YY" in the body text row k: the case itself, a mention declared
# with a sentence of its own (the rows after k), or one declared for a
# sentence of the seed (the mention row is printed here).  Fails otherwise.
function check_mentions(k,    f, t, no, ok, j) {
  split(out[k], f, "\t")
  if (f[1] == "case") cur_case = f[2]
  if (f[1] != "p" && f[1] != "li" && f[1] != "h") return
  t = " " f[2]; gsub(/[Mm]øte [0-9]+\/[0-9][0-9]/, "", t)
  while (match(t, /[^0-9][0-9][0-9]?[0-9]?\/[0-9][0-9]([^0-9]|$)/)) {
    no = substr(t, RSTART + 1, RLENGTH - 1); sub(/[^0-9]$/, "", no)
    t = substr(t, RSTART + RLENGTH - 1)
    if (no == cur_case) continue
    ok = 0
    for (j = k + 1; j <= nout && out[j] ~ /^mention\t/; j++) if (index(out[j], "mention\t" no "\t") == 1) ok = 1
    if (!ok && ((cur_case, no) in quoted)) { print "mention\t" no "\t" quoted[cur_case, no]; ok = 1 }
    if (!ok) die("case " cur_case ": \"" no "\" quoted in the text without a declared mention")
  }
}
