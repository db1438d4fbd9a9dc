; Plantão NSIS customisation, included automatically by electron-builder
; (nsis.include defaults to <buildResources>/installer.nsh, i.e. desktop/build/).
;
; The managed configuration (%ProgramData%\Plantao\config.json) holds IT policy:
; the server URL and the settings users may not change. Windows lets standard
; users create files under %ProgramData% subfolders, so a user on a shared
; nursing-station PC could otherwise drop a config.json that applies to every
; other user of that PC (e.g. point everyone at another server). The per-machine
; installer therefore creates the folder and makes it writable by SYSTEM and
; Administrators only, readable by Users. Well-known SIDs are used, so this
; works on Portuguese ("Administradores", "Usuários") and English Windows alike.
;
; Runs on every install and upgrade (idempotent). The uninstaller leaves the
; folder and IT's config.json in place. MSI installs do not run this: see
; desktop/docs/it-deployment.md for the equivalent icacls command.

!include LogicLib.nsh

!macro customInstall
  Push $0
  Push $1
  ReadEnvStr $0 "ProgramData"
  ${If} $0 == ""
    StrCpy $0 "C:\ProgramData"
  ${EndIf}
  CreateDirectory "$0\Plantao"
  ; Take ownership away from whoever created the folder (owners can rewrite ACLs).
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$0\Plantao" /setowner *S-1-5-32-544 /T /C /Q'
  Pop $1
  ; Drop inherited ACEs (they include Users: write data) and grant explicitly:
  ; SYSTEM and Administrators full control, Users read and execute.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$0\Plantao" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /C /Q'
  Pop $1
  ; Files already in the folder get exactly the folder's inheritable ACEs.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$0\Plantao\*" /reset /T /C /Q'
  Pop $1
  Pop $1
  Pop $0
!macroend
