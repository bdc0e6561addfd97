-- Random 256 KiB ranges of a 10 MiB file.
local size = 10485760
local chunk = 262144
math.randomseed(os.time())
request = function()
  local first = math.random(0, size - chunk)
  return wrk.format("GET", nil, {["Range"] = "bytes=" .. first .. "-" .. (first + chunk - 1)})
end
