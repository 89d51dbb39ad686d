-- ardour7-lua -- create_session.lua DIR NAME RATE PLUGIN TEMPO TRACK [add]
-- Creates a session at RATE Hz and TEMPO quarter notes per minute with a MIDI track TRACK whose
-- instrument is the VST3 PLUGIN (input auto-connect off, so the dummy backend's test signal stays
-- out), saves and closes. With "add", loads the session instead and adds the track. One track per
-- run: a second track made in the same run races with Ardour 7.3's port registration ("Port already
-- exists: <track>/audio_out 1", then an abort).
io.stdout:setvbuf("no")
local dir, name, rate, plugin, tempo, trackName, mode = arg[1], arg[2], tonumber(arg[3]), arg[4], tonumber(arg[5]), arg[6], arg[7]
assert(dir and name and rate and plugin and tempo and trackName, "usage: create_session.lua DIR NAME RATE PLUGIN TEMPO TRACK [add]")

if mode == "add" then
  assert(load_session(dir, name), "load_session failed")
else
  assert(create_session(dir, name, rate), "create_session failed")
  local tm = Temporal.TempoMap.write_copy()
  tm:set_tempo(Temporal.Tempo(tempo, tempo, 4), Temporal.timepos_t(0))
  Temporal.TempoMap.update(tm)
  tm = nil
end
local info = ARDOUR.LuaAPI.new_plugin_info(plugin, ARDOUR.PluginType.VST3)
assert(not info:isnil(), "VST3 plugin not found: " .. plugin .. " (scanned? VST3_PATH?)")
local tracks = Session:new_midi_track(
  ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1), ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2),
  true, info, nil, nil, 1, trackName,
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
info = nil
collectgarbage()

Session:save_state("", false, false, false, false, false)
close_session()
print("UNDERSTUDY_CREATE_OK")
quit()
