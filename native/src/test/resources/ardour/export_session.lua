-- ardour7-lua -- export_session.lua DIR NAME START END OUT_DIR OUT_NAME PRESET_UUID PLUGIN SAVE
-- Loads the session, checks PLUGIN is on a track (a missing plugin would silently export silence),
-- exports samples [START, END) of the master bus, then saves the session when SAVE is "save".
io.stdout:setvbuf("no")
local dir, name, s0, s1 = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4])
local outdir, outname, preset, plugin, save = arg[5], arg[6], arg[7], arg[8], arg[9]
assert(dir and name and s0 and s1 and outdir and outname and preset and plugin, "bad arguments")

assert(load_session(dir, name), "load_session failed")
local found = false
for route in Session:get_routes():iter() do
  local p = route:nth_plugin(0)
  if not p:isnil() and p:display_name() == plugin then found = true end
end
assert(found, "plugin " .. plugin .. " is not in the loaded session")

local e = Session:simple_export()
e:set_name(outname)
e:set_folder(outdir)
e:set_range(s0, s1)
assert(e:set_preset(preset), "export preset not found: " .. preset)   -- else it silently picks another
assert(e:run_export(), "export failed")
e = nil
print("UNDERSTUDY_EXPORT_OK")
if save == "save" then
  Session:save_state("", false, false, false, false, false)
  print("UNDERSTUDY_SAVE_OK")
end
collectgarbage()
close_session()
quit()
