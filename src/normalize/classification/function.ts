// 政府收支分类科目 — 支出功能分类, 类 level (3 digits). Names changed with the 2019 reform
// (卫生健康支出 was 医疗卫生与计划生育支出, …); `from`/`to` are the first and last budget year a
// name was used. Source: 财政部《政府收支分类科目》2014–2025 editions.
export interface ClassName {
  code: string;
  name: string;
  from?: number;
  to?: number;
}

export const FUNCTION_CLASSES: ClassName[] = [
  { code: '201', name: '一般公共服务支出' },
  { code: '202', name: '外交支出' },
  { code: '203', name: '国防支出' },
  { code: '204', name: '公共安全支出' },
  { code: '205', name: '教育支出' },
  { code: '206', name: '科学技术支出' },
  { code: '207', name: '文化体育与传媒支出', to: 2018 },
  { code: '207', name: '文化旅游体育与传媒支出', from: 2019 },
  { code: '208', name: '社会保障和就业支出' },
  { code: '209', name: '社会保险基金支出' },
  { code: '210', name: '医疗卫生与计划生育支出', to: 2018 },
  { code: '210', name: '卫生健康支出', from: 2019 },
  { code: '211', name: '节能环保支出' },
  { code: '212', name: '城乡社区支出' },
  { code: '213', name: '农林水支出' },
  { code: '214', name: '交通运输支出' },
  { code: '215', name: '资源勘探信息等支出', to: 2018 },
  { code: '215', name: '资源勘探工业信息等支出', from: 2019 },
  { code: '216', name: '商业服务业等支出' },
  { code: '217', name: '金融支出' },
  { code: '219', name: '援助其他地区支出' },
  { code: '220', name: '国土海洋气象等支出', to: 2018 },
  { code: '220', name: '自然资源海洋气象等支出', from: 2019 },
  { code: '221', name: '住房保障支出' },
  { code: '222', name: '粮油物资储备支出' },
  { code: '223', name: '国有资本经营预算支出' },
  { code: '224', name: '灾害防治及应急管理支出', from: 2019 },
  { code: '227', name: '预备费' },
  { code: '229', name: '其他支出' },
  { code: '230', name: '转移性支出' },
  { code: '231', name: '债务还本支出' },
  { code: '232', name: '债务付息支出' },
  { code: '233', name: '债务发行费用支出' },
  { code: '234', name: '抗疫特别国债安排的支出', from: 2020 },
];
