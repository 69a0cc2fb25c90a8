@echo off
rem Windows build of Kendali Sensus: frozen app (PyInstaller), its self-test, then the
rem Inno Setup installer in build\installer. Needs Python 3.11+ (py launcher) and Inno
rem Setup 6.3+; set ISCC to ISCC.exe if it is not in the default place.
setlocal
cd /d "%~dp0.."
if not exist .venv\Scripts\python.exe (py -3 -m venv .venv || goto :failed)
.venv\Scripts\python -m pip install --upgrade pip || goto :failed
.venv\Scripts\python -m pip install -e ".[installer]" || goto :failed
.venv\Scripts\pyinstaller installer\kendali-sensus.spec --noconfirm --clean --distpath build\dist --workpath build\pyinstaller --log-level ERROR || goto :failed
.venv\Scripts\python installer\check_frozen.py build\dist\KendaliSensus --source .venv\Scripts\kendali-sensus.exe || goto :failed
for /f "delims=" %%v in ('.venv\Scripts\python installer\version.py') do set APPVERSION=%%v
if not defined ISCC set "ISCC=%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe"
"%ISCC%" /DAppVersion=%APPVERSION% installer\kendali-sensus.iss || goto :failed
echo Selesai: build\installer\KendaliSensus-%APPVERSION%-setup.exe
exit /b 0
:failed
echo Gagal membangun pemasang; lihat pesan di atas.
exit /b 1
