<#
.SYNOPSIS
  Install the kiosk on a Windows 10/11 PC: copy the folder, start it at logon, restart it
  when it exits, keep the screen on, then run `kiosk doctor`.

.DESCRIPTION
  Run in an elevated PowerShell from the copied folder:
      powershell -ExecutionPolicy Bypass -File .\install\windows\install-kiosk.ps1 -User kiosk
  Default recipe: a Task Scheduler task at the user's logon (the user should log on
  automatically) running kiosk-supervisor.ps1, a loop that restarts kiosk.exe 2 s after any
  exit. -ShellLauncher (Windows IoT Enterprise / Enterprise / Education): the kiosk replaces
  Explorer as the user's shell, and Windows restarts it when it exits; no desktop at all.

.PARAMETER User        Windows account the kiosk runs as (default: the current user).
.PARAMETER Destination Install folder (default: C:\Kiosk).
.PARAMETER ShellLauncher Use Shell Launcher v2 instead of Task Scheduler.
#>
[CmdletBinding()]
param(
    [string]$User = "$env:USERDOMAIN\$env:USERNAME",
    [string]$Destination = "C:\Kiosk",
    [switch]$ShellLauncher
)
$ErrorActionPreference = "Stop"

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw "Run this script in an elevated PowerShell (Run as administrator)."
}

# the build folder: two levels above install\windows, or dist\kiosk next to the repository
$Source = $null
foreach ($c in @((Join-Path $PSScriptRoot "..\.."), (Join-Path $PSScriptRoot "..\..\dist\kiosk"))) {
    if (Test-Path (Join-Path $c "kiosk.exe")) { $Source = (Resolve-Path $c).Path; break }
}
if (-not $Source) { throw "No kiosk.exe found next to this script: copy the whole kiosk folder first." }

Write-Host "== copying $Source -> $Destination"
New-Item -ItemType Directory -Force -Path $Destination | Out-Null
# /MIR: an update replaces the old files; exit codes below 8 mean success for robocopy
robocopy $Source $Destination /MIR /NFL /NDL /NJH /NJS /NP | Out-Null
if ($LASTEXITCODE -ge 8) { throw "robocopy failed ($LASTEXITCODE)" }
$Exe = Join-Path $Destination "kiosk.exe"
$Console = Join-Path $Destination "kiosk-console.exe"

Write-Host "== power: never sleep, never turn the display off (on mains power)"
powercfg /change standby-timeout-ac 0
powercfg /change monitor-timeout-ac 0
powercfg /change hibernate-timeout-ac 0
powercfg /hibernate off
# the kiosk itself also calls SetThreadExecutionState(ES_CONTINUOUS|ES_DISPLAY_REQUIRED) while it runs

if ($ShellLauncher) {
    Write-Host "== Shell Launcher v2: kiosk.exe is the shell of $User"
    Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -NoRestart | Out-Null
    $sid = (New-Object System.Security.Principal.NTAccount($User)).Translate(
        [System.Security.Principal.SecurityIdentifier]).Value
    $wesl = [wmiclass]"\\localhost\root\standardcimv2\embedded:WESL_UserSetting"
    $RestartShell = 0   # when the shell exits: 0 restart it, 1 restart the PC, 2 shut down, 3 nothing
    try { $wesl.RemoveCustomShell($sid) | Out-Null } catch { }
    $wesl.SetCustomShell($sid, $Exe, $null, $null, $RestartShell) | Out-Null
    $wesl.SetEnabled($true) | Out-Null
} else {
    Write-Host "== Task Scheduler: 'Kiosk' at logon of $User, restarted after every exit"
    $loop = Join-Path $Destination "kiosk-supervisor.ps1"
    @"
# Started by the 'Kiosk' scheduled task. Restarts the kiosk 2 s after it exits, whatever the
# reason (crash, hang detected by the kiosk's own watchdog, kill). Written by install-kiosk.ps1.
while (`$true) {
    `$p = Start-Process -FilePath "$Exe" -PassThru -Wait
    Start-Sleep -Seconds 2
}
"@ | Set-Content -Encoding UTF8 -Path $loop
    $action = New-ScheduledTaskAction -Execute "powershell.exe" `
        -Argument "-NoProfile -WindowStyle Hidden -ExecutionPolicy Bypass -File `"$loop`"" `
        -WorkingDirectory $Destination
    $trigger = New-ScheduledTaskTrigger -AtLogOn -User $User
    # second line of defence: should the loop itself die, Task Scheduler restarts the task
    $settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
        -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 999 `
        -RestartInterval (New-TimeSpan -Minutes 1) -MultipleInstances IgnoreNew -StartWhenAvailable
    $taskPrincipal = New-ScheduledTaskPrincipal -UserId $User -LogonType Interactive -RunLevel Limited
    Register-ScheduledTask -TaskName "Kiosk" -Action $action -Trigger $trigger -Settings $settings `
        -Principal $taskPrincipal -Force | Out-Null
    Write-Host "   Let $User log on automatically (netplwiz, or Settings > Accounts > Sign-in options)."
}

Write-Host "== kiosk doctor"
& $Console doctor
if ($LASTEXITCODE -ne 0) { Write-Warning "kiosk doctor found problems (FAIL lines above)." }
Write-Host "== done. Restart the PC to check that the kiosk starts by itself."
