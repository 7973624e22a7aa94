"""moto's server with one fix: ListObjectVersions given a KeyMarker alone.

S3 lists the versions of the keys after the marker. moto 5.2.1 assumes the marker is the last
key of its own previous page: it keeps the keys from the marker on and drops the first version it
keeps, so a listing that starts after an arbitrary key (a shard's range, a parallel lister's part)
loses one version. The patch keeps exactly the keys after the marker, as S3 does; pages moto
marks itself (KeyMarker with VersionIdMarker) are untouched. Run as `python3 moto-server.py ARGS`
with moto.server's own arguments.
"""
import inspect
import re
import sys
import textwrap

from moto.s3 import models

PATTERN = re.compile(r"(?P<indent>[ ]+)skip_versions = version\.name < key_marker\n(?P=indent)continue\n")


def fixed(match):
    indent = match.group("indent")
    return f"{indent}skip_versions = version.name <= key_marker\n{indent}if skip_versions:\n{indent}    continue\n"


source = textwrap.dedent(inspect.getsource(models.S3Backend.list_object_versions))
patched, count = PATTERN.subn(fixed, source)
if count == 1:
    namespace = {}
    exec(compile(patched, models.__file__, "exec"), vars(models), namespace)
    models.S3Backend.list_object_versions = namespace["list_object_versions"]
else:
    print("moto-server.py: the KeyMarker code has another shape; running moto unpatched", file=sys.stderr)

from moto.server import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
