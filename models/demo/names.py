"""Fixed lists for the demo city: Kota Banjarmasin's kecamatan, kelurahan and common names."""
from __future__ import annotations

# Kota Banjarmasin as it is: (BPS code, Kemendagri code, name, its kelurahan as (BPS code,
# Kemendagri code, name)), kelurahan in BPS code order. The two numberings differ: Banjarmasin
# Tengah is BPS 6371031 but Kemendagri 63.71.05, and each numbers the kelurahan in its own
# order (BPS with gaps). Names are the Kemendagri ones. Sources are named in models/demo/city.py.
Area = tuple[str, str, str]
BANJARMASIN: list[tuple[str, str, str, list[Area]]] = [
    ("6371010", "637101", "Banjarmasin Selatan", [
        ("6371010001", "6371011001", "Mantuil"),
        ("6371010003", "6371011002", "Kelayan Selatan"),
        ("6371010004", "6371011008", "Kelayan Timur"),
        ("6371010005", "6371011009", "Tanjung Pagar"),
        ("6371010006", "6371011010", "Pemurus Dalam"),
        ("6371010008", "6371011011", "Pemurus Baru"),
        ("6371010009", "6371011007", "Murung Raya"),
        ("6371010010", "6371011006", "Kelayan Dalam"),
        ("6371010011", "6371011005", "Kelayan Tengah"),
        ("6371010012", "6371011003", "Pekauman"),
        ("6371010013", "6371011004", "Kelayan Barat"),
        ("6371010014", "6371011012", "Basirih Selatan"),
    ]),
    ("6371020", "637102", "Banjarmasin Timur", [
        ("6371020001", "6371021008", "Pekapuran Raya"),
        ("6371020002", "6371021003", "Karang Mekar"),
        ("6371020003", "6371021002", "Kebun Bunga"),
        ("6371020004", "6371021005", "Sungai Lulut"),
        ("6371020005", "6371021001", "Kuripan"),
        ("6371020011", "6371021004", "Sungai Bilu"),
        ("6371020012", "6371021007", "Pengambangan"),
        ("6371020013", "6371021006", "Banua Anyar"),
        ("6371020014", "6371021009", "Pemurus Luar"),
    ]),
    ("6371030", "637103", "Banjarmasin Barat", [
        ("6371030001", "6371031006", "Teluk Tiram"),
        ("6371030002", "6371031005", "Telawang"),
        ("6371030008", "6371031004", "Telaga Biru"),
        ("6371030009", "6371031003", "Pelambuan"),
        ("6371030010", "6371031002", "Belitung Selatan"),
        ("6371030011", "6371031001", "Belitung Utara"),
        ("6371030013", "6371031009", "Basirih"),
        ("6371030014", "6371031008", "Kuin Cerucuk"),
        ("6371030015", "6371031007", "Kuin Selatan"),
    ]),
    ("6371031", "637105", "Banjarmasin Tengah", [
        ("6371031001", "6371051012", "Kelayan Luar"),
        ("6371031002", "6371051001", "Kertak Baru Ilir"),
        ("6371031003", "6371051003", "Mawar"),
        ("6371031004", "6371051004", "Teluk Dalam"),
        ("6371031005", "6371051002", "Kertak Baru Ulu"),
        ("6371031006", "6371051011", "Pekapuran Laut"),
        ("6371031007", "6371051010", "Sungai Baru"),
        ("6371031008", "6371051008", "Gadang"),
        ("6371031009", "6371051005", "Antasan Besar"),
        ("6371031010", "6371051006", "Pasar Lama"),
        ("6371031011", "6371051007", "Seberang Mesjid"),
        ("6371031012", "6371051009", "Melayu"),
    ]),
    ("6371040", "637104", "Banjarmasin Utara", [
        ("6371040003", "6371041009", "Kuin Utara"),
        ("6371040004", "6371041007", "Pangeran"),
        ("6371040005", "6371041005", "Sungai Miai"),
        ("6371040006", "6371041008", "Antasan Kecil Timur"),
        ("6371040007", "6371041006", "Surgi Mufti"),
        ("6371040008", "6371041004", "Sungai Jingah"),
        ("6371040009", "6371041002", "Alalak Utara"),
        ("6371040010", "6371041003", "Alalak Selatan"),
        ("6371040011", "6371041001", "Alalak Tengah"),
        ("6371040012", "6371041010", "Sungai Andai"),
    ]),
]

# Given names by sex, as Banjar families give them. A name in NEEDS_SECOND is never used
# alone ("Siti" is "Siti Aminah", "Abdul" is "Abdul Gani"); the second name then comes from
# the same sex's given or second names.
MALE_NAMES = [
    "Ahmad", "Muhammad", "Rahmat", "Syahrani", "Fauzi", "Hendra", "Rizki", "Agus", "Budi",
    "Hairil", "Saiful", "Irwan", "Zainal", "Abdul", "Rusdi", "Yusuf", "Arif", "Fahmi",
    "Anang", "Ridwan", "Hasan", "Ilham", "Taufik", "Wahyu", "Dedi", "Samsul", "Fajar",
    "Junaidi", "Faisal", "Mahfuz", "Rahmadi", "Arbani", "Syarif", "Iwan", "Habibi",
]
FEMALE_NAMES = [
    "Siti", "Nur", "Rahmah", "Aulia", "Fitri", "Dewi", "Nurul", "Halimah", "Aisyah",
    "Rina", "Mariani", "Salmah", "Khadijah", "Wulan", "Ratna", "Sri", "Yuliani", "Zahra",
    "Lestari", "Norhayati", "Rusmini", "Hafizah", "Anisa", "Rabiatul", "Fatimah", "Galuh",
    "Masitah", "Jamilah", "Raudah", "Normah",
]
NEEDS_SECOND = frozenset({"Muhammad", "Ahmad", "Abdul", "Siti", "Nur", "Nurul", "Sri",
                          "Rabiatul"})
# Second names that belong to one sex: "Rahmawati" or "Hasanah" is never a man's, "Saputra"
# never a woman's.
MALE_SECOND = [
    "Rahman", "Hidayat", "Saputra", "Pratama", "Wijaya", "Kurniawan", "Hakim", "Maulana",
    "Ramadhan", "Syarifuddin", "Hamdani", "Setiawan", "Anwar", "Mahmud", "Baihaqi",
    "Zulkifli", "Jamaluddin", "Effendi", "Noor", "Arsyad", "Ansyari", "Gani", "Hadi",
]
FEMALE_SECOND = [
    "Rahmawati", "Hasanah", "Aini", "Noorhasanah", "Fitriani", "Wahyuni", "Sari",
    "Handayani", "Safitri", "Hayati", "Mardiana", "Aminah", "Jannah", "Maulida", "Rahmi",
    "Adawiyah", "Fadilah", "Rahayu",
]
# Second names a daughter never carries, not even after her father.
SONS_ONLY = frozenset({"Saputra", "Pratama", "Wijaya", "Kurniawan", "Maulana", "Ramadhan",
                       "Setiawan"})
# Family names (often a grandfather's name) that sons and daughters alike carry.
FAMILY_NAMES = [
    "Rahman", "Hidayat", "Hakim", "Anwar", "Mahmud", "Baihaqi", "Zulkifli", "Jamaluddin",
    "Syarifuddin", "Hamdani", "Effendi", "Arsyad", "Ansyari", "Noor",
]
