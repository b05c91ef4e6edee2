"""Seed the employee categories of the programme's training table (表4)."""

from django.db import migrations

CATEGORIES = [
    ("executive", "幹部従業員", {
        "en": "Executive / manager", "pt-br": "Executivo / gestor", "vi": "Cán bộ quản lý",
        "zh-hans": "干部员工", "fil": "Ehekutibo / tagapamahala", "id": "Eksekutif / manajer"}),
    ("regular", "一般従業員", {
        "en": "Regular employee", "pt-br": "Funcionário efetivo", "vi": "Nhân viên chính thức",
        "zh-hans": "一般员工", "fil": "Regular na empleyado", "id": "Karyawan tetap"}),
    ("part_timer", "パート従業員", {
        "en": "Part-timer", "pt-br": "Funcionário de meio período", "vi": "Nhân viên bán thời gian",
        "zh-hans": "兼职员工", "fil": "Part-time na empleyado", "id": "Karyawan paruh waktu"}),
    ("agency", "派遣従業員", {
        "en": "Agency / dispatched worker", "pt-br": "Trabalhador de agência (terceirizado)",
        "vi": "Lao động phái cử", "zh-hans": "派遣员工", "fil": "Manggagawang mula sa ahensiya",
        "id": "Pekerja alih daya (agen)"}),
    ("new_graduate", "定期採用新入社員", {
        "en": "New graduate (regular intake)", "pt-br": "Recém-formado (contratação regular)",
        "vi": "Nhân viên mới tốt nghiệp (tuyển định kỳ)", "zh-hans": "应届毕业新员工（定期招聘）",
        "fil": "Bagong gradweyt (regular na pagtanggap)", "id": "Lulusan baru (rekrutmen reguler)"}),
    ("mid_career", "中途採用従業員", {
        "en": "Mid-career hire", "pt-br": "Contratado com experiência", "vi": "Nhân viên tuyển giữa kỳ",
        "zh-hans": "社会招聘员工", "fil": "Empleyadong mid-career", "id": "Karyawan rekrutmen berpengalaman"}),
    ("irregular_part_timer", "不定期採用パート従業員", {
        "en": "Part-timer hired outside the regular intake",
        "pt-br": "Meio período contratado fora do processo regular",
        "vi": "Nhân viên bán thời gian tuyển không định kỳ", "zh-hans": "非定期招聘兼职员工",
        "fil": "Part-timer na tinanggap sa labas ng regular na pagtanggap",
        "id": "Karyawan paruh waktu rekrutmen tidak berkala"}),
    ("key_person", "活動推進キーマン", {
        "en": "Activity promotion key person", "pt-br": "Pessoa-chave de promoção das atividades",
        "vi": "Người chủ chốt thúc đẩy hoạt động", "zh-hans": "活动推进骨干",
        "fil": "Pangunahing tagapagsulong ng aktibidad", "id": "Penggerak utama kegiatan"}),
]


def seed(apps, schema_editor):
    EmployeeCategory = apps.get_model("organisation", "EmployeeCategory")
    for position, (code, name, names) in enumerate(CATEGORIES, start=1):
        EmployeeCategory.objects.update_or_create(
            code=code, defaults={"name": name, "translated_names": {"ja": name, **names}, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
