-- Random 256 KiB ranges of a 10 MiB file (SIZE=<bytes> and CHUNK=<bytes> for other sizes).
local size = tonumber(os.getenv("SIZE") or "10485760")
local chunk = tonumber(os.getenv("CHUNK") or "262144")
math.randomseed(os.time())
request = function()
  local first = math.random(0, size - chunk)
  return wrk.format("GET", nil, {["Range"] = "bytes=" .. first .. "-" .. (first + chunk - 1)})
end
