-- wrk: 20 queries as council staff type them, URL-encoded, in rotation
-- (scripts/bench-web, scripts/soak). BENCH_PREFIX sets what comes before
-- each query (default "/?q=").
local queries = {
  "helse", "digital+hjemmeoppf%C3%B8lging", "e-helsestrategi", "kjernejournal",
  "datadeling", "legemiddel", "informasjonssikkerhet", "vedtak", "NUIT+strategi",
  "samhandling", "helseplattformen", "pasientjournal", "velferdsteknologi", "finansiering",
  "standardisering", "tiltak+kommunene", "personvern", "arkitektur",
  "%22nasjonal+e-helsestrategi%22", "nasjonale+e-helsel%C3%B8sninger"
}
local prefix = os.getenv("BENCH_PREFIX") or "/?q="
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", prefix .. queries[(i % #queries) + 1])
end
