; Inno Setup 6.3+ script: the Windows installer of Kendali Sensus.
; Built by installer\build-windows.cmd, which first freezes the app with PyInstaller into
; build\dist\KendaliSensus and passes the version from pyproject.toml:
;   iscc /DAppVersion=0.1.0 installer\kendali-sensus.iss
;
; Upgrades install over the previous version in place. The database, its backups, the log
; and the settings live in the user's AppData (%LOCALAPPDATA%\BPS\KendaliSensus), never in
; the program folder, so neither an upgrade nor an uninstall touches them.

#ifndef AppVersion
  #error Berikan versi: iscc /DAppVersion=x.y.z installer\kendali-sensus.iss
#endif
#define AppName "Kendali Sensus"
#define AppExe "KendaliSensus.exe"
#define Frozen "..\build\dist\KendaliSensus"

[Setup]
; The AppId ties every version together: never change it, or upgrades install side by side.
AppId={{6F3C2B71-5A0E-4C8D-9E21-7B4D1A6C9F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Badan Pusat Statistik
VersionInfoVersion={#AppVersion}
; Per-user by default (no administrator needed on an office PC); the first page offers
; "install for all users" to someone who is an administrator.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\resources\icons\kendali-sensus.ico
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\build\installer
OutputBaseFilename=KendaliSensus-{#AppVersion}-setup
; A running Kendali Sensus is asked to close before its files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
; Inno Setup ships no Indonesian translation; its unofficial Indonesian.isl (see README.md)
; is used when placed beside this script, and comes first so Indonesian PCs get it.
#ifexist "Indonesian.isl"
Name: "id"; MessagesFile: "Indonesian.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The frozen libraries are replaced whole, so no module of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Frozen}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{#AppName} (data contoh)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// After copying, run the installed app's self-test (database, window, letter) once, so a
// PC that cannot run it (missing system libraries, blocked folder) is told at install time.
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep <> ssPostInstall then
    Exit;
  WizardForm.StatusLabel.Caption := 'Menguji pemasangan Kendali Sensus...';
  if not Exec(ExpandConstant('{app}\{#AppExe}'), '--self-test', '', SW_HIDE,
              ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
    SuppressibleMsgBox('Uji mandiri Kendali Sensus gagal (kode ' + IntToStr(ResultCode) +
      '). Aplikasi sudah terpasang, tetapi mungkin tidak dapat berjalan di komputer ini. ' +
      'Rinciannya ada di ' +
      ExpandConstant('{localappdata}\BPS\KendaliSensus\log\uji-mandiri.txt') +
      '; kirimkan berkas itu kepada pengelola aplikasi.', mbError, MB_OK, IDOK);
end;
