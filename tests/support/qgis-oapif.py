"""Loads each OGC API - Features collection of a Guatu server in headless QGIS (the OAPIF provider), the way a
user adds it in QGIS: the /ogc URL, the collection, user name "token" and an API token as the password.

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis-oapif.py BASE_URL TOKEN LAYER... > result.json
prints {"version": ..., "layers": {name: {"valid", "count", "geometry", "fields", "bbox": n, "where": n}}}
"""

import json
import os
import sys

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFeatureRequest,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)

base, token, *names = sys.argv[1:]
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()

result = {"version": Qgis.QGIS_VERSION, "layers": {}}
for name in names:
    uri = f"url='{base}' typename='{name}' username='token' password='{token}' pagingEnabled='true'"
    layer = QgsVectorLayer(uri, name, "OAPIF")
    entry = {"valid": layer.isValid()}
    if layer.isValid():
        entry["count"] = sum(1 for _ in layer.getFeatures())
        entry["geometry"] = QgsWkbTypes.displayString(layer.wkbType())
        entry["fields"] = [f.name() for f in layer.fields()]
        # a box around the zone's centre: sent to the server as bbox
        box = QgsFeatureRequest().setFilterRect(QgsRectangle(113.44, 22.54, 113.46, 22.56))
        entry["bbox"] = sum(1 for _ in layer.getFeatures(box))
        if "status" in entry["fields"]:
            where = QgsFeatureRequest().setFilterExpression("\"status\" = 'available'")
            entry["where"] = sum(1 for _ in layer.getFeatures(where))
    else:
        entry["error"] = layer.error().summary()
    result["layers"][name] = entry

print(json.dumps(result), flush=True)
# QGIS 3.22 may crash in its own teardown (exitQgis) once network layers were used: the result is out, so leave
# without it
os._exit(0)
