-- cgi_wrk.lua - wrk script for bench/cgi: cycle through a file of request
-- paths (one a line), each thread starting at a different line, and print
-- one JSON line of results at the end:
--   wrk -t C -c C -d 30s -s bench/cgi_wrk.lua URL -- PATHS_FILE
-- Latencies are in microseconds (wrk's unit).

local paths = {}
local counter = 0
local threads = {}

function setup(thread)
	thread:set("id", #threads)
	table.insert(threads, thread)
end

function init(args)
	for line in io.lines(args[1]) do
		if #line > 0 then
			table.insert(paths, line)
		end
	end
	-- Spread the threads over the list.
	counter = (id or 0) * math.floor(#paths / 2)
end

function request()
	counter = counter + 1
	return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		'{"requests": %d, "duration_us": %d, "bytes": %d, ' ..
		'"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
		'"latency_us": {"mean": %.1f, "stdev": %.1f, "p50": %d, "p90": %d, "p95": %d, ' ..
		'"p99": %d, "p99.9": %d, "max": %d}}\n',
		summary.requests, summary.duration, summary.bytes,
		e.connect, e.read, e.write, e.status, e.timeout,
		latency.mean, latency.stdev,
		latency:percentile(50), latency:percentile(90), latency:percentile(95),
		latency:percentile(99), latency:percentile(99.9), latency.max))
end
