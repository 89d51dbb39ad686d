-- ardour7-lua -- create_session.lua DIR NAME RATE PLUGIN TEMPO TRACK...
-- Creates a session at RATE Hz and TEMPO quarter notes per minute with one MIDI track per TRACK name
-- whose instrument is the VST3 PLUGIN (input auto-connect off, so the dummy backend's test signal
-- stays out), saves and closes.
io.stdout:setvbuf("no")
local dir, name, rate, plugin, tempo = arg[1], arg[2], tonumber(arg[3]), arg[4], tonumber(arg[5])
assert(dir and name and rate and plugin and tempo and arg[6], "usage: create_session.lua DIR NAME RATE PLUGIN TEMPO TRACK...")

assert(create_session(dir, name, rate), "create_session failed")
local tm = Temporal.TempoMap.write_copy()
tm:set_tempo(Temporal.Tempo(tempo, tempo, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)
tm = nil
local info = ARDOUR.LuaAPI.new_plugin_info(plugin, ARDOUR.PluginType.VST3)
assert(not info:isnil(), "VST3 plugin not found: " .. plugin .. " (scanned? VST3_PATH?)")
for t = 6, #arg do

local tracks = Session:new_midi_track(
  ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1), ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2),
  true, info, nil, nil, 1, arg[t],
  ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, false, false)
assert(tracks:size() == 1, "new_midi_track failed")
local track = tracks:front()
assert(not track:nth_plugin(0):isnil(), "instrument not inserted")
-- Ardour auto-connects outputs asynchronously; connect to the master bus ourselves before saving.
local master = Session:master_out()
for i = 0, 1 do
  local out, input = track:output():audio(i), master:input():audio(i)
  if not out:connected_to(input:name()) then assert(out:connect(input:name()) == 0, "cannot connect the track to master") end
end
tracks = nil; track = nil; master = nil
end
info = nil
collectgarbage()

Session:save_state("", false, false, false, false, false)
close_session()
print("UNDERSTUDY_CREATE_OK")
quit()
