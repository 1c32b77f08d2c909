"""Dashboard URLs: ``dashboard:index``, ``dashboard:map`` and the map's GeoJSON."""

from django.urls import path

from yizhan.web.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("map/", views.map_view, name="map"),
    path("map/print/", views.map_print, name="map_print"),
    path("map/committees.geojson", views.committees_geojson, name="committees_geojson"),
    path("map/stations.geojson", views.stations_geojson, name="stations_geojson"),
]
