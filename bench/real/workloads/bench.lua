-- Lua workload of bench/real: calls and closures, the string library, tables, table.sort, coroutines.
-- Usage: lua bench.lua N (work grows linearly with N). Prints checksums only (deterministic).
local N = tonumber(arg and arg[1]) or 10

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function calls(n)
  local acc = 0
  local function adder(k) return function(x) return x + k end end
  for i = 1, n * 2000 do acc = (acc + adder(i % 7)(i)) % 1000003 end
  for _ = 1, n // 10 + 1 do acc = acc + fib(18) end
  return acc
end

local function strings(n)
  local parts, h = {}, 0
  for i = 1, n * 300 do
    local s = string.format("%05d:%s:%x", i, string.rep(string.char(97 + i % 26), i % 9 + 1), i * 2654435761 % 2^32)
    parts[#parts + 1] = s
  end
  local text = table.concat(parts, ";")
  for w in text:gmatch("%d+:(%a+)") do h = (h * 31 + #w) % 1000000007 end
  local replaced, count = text:gsub("(%d)(%d):", "%2%1-")
  h = (h + count + #replaced) % 1000000007
  local upper = text:sub(1, 5000):upper():reverse()
  for i = 1, #upper, 97 do h = (h + upper:byte(i)) % 1000000007 end
  local pos, found = 1, 0
  while true do
    local a, b = text:find("[xyz]+%d", pos)
    if not a then break end
    found, pos = found + 1, b + 1
  end
  return h, found
end

local function tables(n)
  local t, sum = {}, 0
  for i = 1, n * 2000 do t["k" .. (i * 7 % (n * 500 + 1))] = i end
  for k, v in pairs(t) do sum = (sum + #k * v) % 1000000007 end
  local arr = {}
  for i = 1, n * 2000 do arr[i] = { id = i, key = (i * 7919) % 10007, name = "n" .. (i % 113) } end
  table.sort(arr, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
  for i = 1, #arr, 101 do sum = (sum + arr[i].id * i) % 1000000007 end
  local nums = {}
  for i = 1, n * 3000 do nums[i] = (i * 48271) % 2147483647 end
  table.sort(nums)
  sum = (sum + nums[1] + nums[#nums // 2] + nums[#nums]) % 1000000007
  table.insert(nums, 1, 42); table.remove(nums, 2)
  return sum + nums[1] + #table.concat({ "a", "b", tostring(#nums) })
end

local function coroutines(n)
  local gen = coroutine.wrap(function()
    for i = 1, n * 1000 do coroutine.yield(i * i % 977) end
    coroutine.yield(nil)
  end)
  local s = 0
  while true do local v = gen() if v == nil then break end s = s + v end
  return s
end

local function objects(n)
  local Point = {}
  Point.__index = Point
  function Point.new(x, y) return setmetatable({ x = x, y = y }, Point) end
  function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
  Point.__eq = function(a, b) return a.x == b.x and a.y == b.y end
  local p = Point.new(0, 0)
  for i = 1, n * 1000 do p = p:add(Point.new(i % 3, -(i % 5))) end
  return p.x, p.y, p == Point.new(p.x, p.y)
end

print("calls", calls(N))
print("strings", strings(N))
print("tables", tables(N))
print("coroutines", coroutines(N))
print("objects", objects(N))
print(string.format("float %.6f", math.sqrt(N) * math.pi))
