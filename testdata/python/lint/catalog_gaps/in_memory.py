"""Archives built and read in memory do no file I/O; the same calls on a path do."""
import io
import tarfile
import zipfile


async def zip_response(files):
    # Not reported: the archive and its members live in a BytesIO.
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, mode="w")
    for name, data in files.items():
        archive.writestr(name, data)
    archive.close()
    return buffer.getvalue()


async def zip_in_with(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()


async def untar_bytes(data):
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        return t.getnames()


async def zip_to_disk(path, files):
    # Reported: opening and writing a file on disk.
    archive = zipfile.ZipFile(path, mode="w")
    for name, data in files.items():
        archive.writestr(name, data)
