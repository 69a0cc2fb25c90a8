"""Fixed lists for the demo city: Kota Banjarmasin's kecamatan, kelurahan and common names."""
from __future__ import annotations

# (BPS code, Kemendagri code, name, kelurahan names). BPS and Kemendagri codes differ:
# Banjarmasin Tengah is BPS 6371031 but Kemendagri 63.71.05.
BANJARMASIN: list[tuple[str, str, str, list[str]]] = [
    ("6371010", "637101", "Banjarmasin Selatan", [
        "Kelayan Barat", "Kelayan Dalam", "Kelayan Tengah", "Kelayan Timur", "Kelayan Selatan",
        "Murung Raya", "Pekauman", "Pemurus Baru", "Pemurus Dalam", "Tanjung Pagar",
        "Basirih Selatan", "Mantuil",
    ]),
    ("6371020", "637102", "Banjarmasin Timur", [
        "Banua Anyar", "Karang Mekar", "Kebun Bunga", "Kuripan", "Pekapuran Raya",
        "Pemurus Luar", "Sungai Bilu", "Sungai Lulut", "Pengambangan",
    ]),
    ("6371030", "637103", "Banjarmasin Barat", [
        "Basirih", "Belitung Selatan", "Belitung Utara", "Kuin Cerucuk", "Kuin Selatan",
        "Pelambuan", "Telaga Biru", "Telawang", "Teluk Tiram",
    ]),
    ("6371031", "637105", "Banjarmasin Tengah", [
        "Antasan Besar", "Gadang", "Kelayan Luar", "Kertak Baru Ilir", "Kertak Baru Ulu",
        "Mawar", "Melayu", "Pasar Lama", "Pekapuran Laut", "Seberang Mesjid", "Sungai Baru",
        "Teluk Dalam",
    ]),
    ("6371040", "637104", "Banjarmasin Utara", [
        "Alalak Selatan", "Alalak Tengah", "Alalak Utara", "Antasan Kecil Timur", "Kuin Utara",
        "Pangeran", "Sungai Andai", "Sungai Jingah", "Sungai Miai", "Surgi Mufti",
    ]),
]

MALE_NAMES = [
    "Ahmad", "Muhammad", "Rahmat", "Syahrani", "Fauzi", "Hendra", "Rizki", "Agus", "Budi",
    "Hairil", "Saiful", "Irwan", "Zainal", "Abdul", "Gusti", "Rusdi", "Yusuf", "Arif",
    "Fahmi", "Noor", "Anang", "Ridwan", "Hasan", "Ilham", "Taufik", "Wahyu", "Dedi",
]
FEMALE_NAMES = [
    "Siti", "Nur", "Rahmah", "Aulia", "Fitri", "Dewi", "Nurul", "Halimah", "Aisyah",
    "Rina", "Mariani", "Salmah", "Khadijah", "Wulan", "Ratna", "Sri", "Yuliani", "Zahra",
    "Lestari", "Norhayati", "Rusmini", "Hafizah", "Anisa", "Rabiatul", "Fatimah",
]
FAMILY_NAMES = [
    "Hidayat", "Rahman", "Saputra", "Pratama", "Wijaya", "Kurniawan", "Hakim", "Maulana",
    "Ramadhan", "Fadillah", "Syarifuddin", "Hamdani", "Aini", "Setiawan", "Hasanah",
    "Rahmawati", "Anwar", "Mahmud", "Noorhasanah", "Baihaqi", "Zulkifli", "Jamaluddin",
]
