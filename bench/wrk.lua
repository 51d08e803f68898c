-- wrk script for bench/http.sh: a bearer token (KEFU_TOKEN), request paths taken in
-- turn from a file (KEFU_PATHS, one a line; default: the URL's own path), and one JSON
-- line of results at the end (rps, p50/p99 in ms, non-2xx and socket errors).
local token = os.getenv("KEFU_TOKEN")
local paths = {}
local i = 0

function init(args)
  local file = os.getenv("KEFU_PATHS")
  if file and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then paths[#paths + 1] = line end
    end
  end
  -- Threads start at different places in the list.
  i = math.random(0, math.max(#paths - 1, 0))
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  if #paths == 0 then
    return wrk.format()
  end
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
